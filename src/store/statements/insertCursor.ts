import type Database from 'better-sqlite3';
import type { StoredCursor } from './listCursors.js';
import { TABLES } from '../tables.js';

/** Stores a cursor as it was stored elsewhere (replay copies them), with its own commit time. */
export type InsertCursor = (cursor: StoredCursor) => void;

export const prepareInsertCursor = (db: Database.Database): InsertCursor => {
  const stmt = db.prepare<[string, string, string, string]>(
    `INSERT INTO ${TABLES.cursors} (source, resource, cursor, updated_at) VALUES (?, ?, ?, ?)`,
  );
  return (c) => {
    stmt.run(c.source, c.resource, c.cursor, c.updatedAt);
  };
};
