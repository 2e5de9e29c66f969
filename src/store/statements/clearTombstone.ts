import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

export type ClearTombstone = (resource: string, recordId: string) => void;

/** Removes a tombstone when its record is written again. */
export const prepareClearTombstone = (db: Database.Database): ClearTombstone => {
  const stmt = db.prepare<[string, string]>(
    `DELETE FROM ${TABLES.tombstones} WHERE resource = ? AND record_id = ?`,
  );
  return (resource, recordId) => {
    stmt.run(resource, recordId);
  };
};
