import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** Removes the stored cursor of (source, resource), so that source resumes from its start. */
export type DeleteCursor = (source: string, resource: string) => void;

export const prepareDeleteCursor = (db: Database.Database): DeleteCursor => {
  const stmt = db.prepare<[string, string]>(
    `DELETE FROM ${TABLES.cursors} WHERE source = ? AND resource = ?`,
  );
  return (source, resource) => {
    stmt.run(source, resource);
  };
};
