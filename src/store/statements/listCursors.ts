import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** A stored cursor: where a source resumes for a resource, and when it was committed. */
export interface StoredCursor {
  readonly source: string;
  readonly resource: string;
  readonly cursor: string;
  readonly updatedAt: string;
}

/** Every stored cursor, by source then resource. */
export type ListCursors = () => StoredCursor[];

export const prepareListCursors = (db: Database.Database): ListCursors => {
  const stmt = db.prepare<[], StoredCursor>(
    `SELECT source, resource, cursor, updated_at AS updatedAt FROM ${TABLES.cursors} ORDER BY source, resource`,
  );
  return () => stmt.all();
};
