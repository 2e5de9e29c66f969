import type Database from 'better-sqlite3';
import type { DeltaKey } from '../../model/deltaKey.js';
import { TABLES } from '../tables.js';

export type IsKnownDelta = (key: DeltaKey) => boolean;

/** Whether a delta with this key is already in the event log (dedupe across restarts). */
export const prepareIsKnownDelta = (db: Database.Database): IsKnownDelta => {
  const stmt = db.prepare<[string], number>(`SELECT 1 FROM ${TABLES.events} WHERE delta_key = ?`).pluck();
  return (key) => stmt.get(key) !== undefined;
};
