import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** The `seq` of the newest event in the log; 0 for an empty log. */
export type LastEventSeq = () => number;

export const prepareLastEventSeq = (db: Database.Database): LastEventSeq => {
  const stmt = db.prepare<[], { seq: number }>(`SELECT coalesce(max(seq), 0) AS seq FROM ${TABLES.events}`);
  return () => stmt.get()?.seq ?? 0;
};
