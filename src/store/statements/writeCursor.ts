import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/**
 * Stores a cursor if the stored one is still `expected` (`undefined`: none stored): a compare-and-set.
 * False when another writer moved it; nothing is written then.
 */
export type WriteCursor = (
  source: string,
  resource: string,
  cursor: string,
  updatedAt: string,
  expected: string | undefined,
) => boolean;

export const prepareWriteCursor = (db: Database.Database): WriteCursor => {
  const insert = db.prepare<[string, string, string, string]>(
    `INSERT INTO ${TABLES.cursors} (source, resource, cursor, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source, resource) DO NOTHING`,
  );
  const update = db.prepare<[string, string, string, string, string]>(
    `UPDATE ${TABLES.cursors} SET cursor = ?, updated_at = ? WHERE source = ? AND resource = ? AND cursor = ?`,
  );
  return (source, resource, cursor, updatedAt, expected) =>
    expected === undefined
      ? insert.run(source, resource, cursor, updatedAt).changes === 1
      : update.run(cursor, updatedAt, source, resource, expected).changes === 1;
};
