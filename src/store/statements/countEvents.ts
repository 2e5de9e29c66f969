import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** Number of events in the log. */
export type CountEvents = () => number;

export const prepareCountEvents = (db: Database.Database): CountEvents => {
  const stmt = db.prepare<[], number>(`SELECT count(*) FROM ${TABLES.events}`).pluck();
  return () => stmt.get() ?? 0;
};
