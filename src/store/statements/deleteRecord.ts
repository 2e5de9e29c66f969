import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** Deletes a record if it is at `expectedVersion`; returns false when it was not. */
export type DeleteRecord = (resource: string, recordId: string, expectedVersion: number) => boolean;

export const prepareDeleteRecord = (db: Database.Database): DeleteRecord => {
  const stmt = db.prepare<[string, string, number]>(
    `DELETE FROM ${TABLES.records} WHERE resource = ? AND record_id = ? AND version = ?`,
  );
  return (resource, recordId, expectedVersion) => stmt.run(resource, recordId, expectedVersion).changes === 1;
};
