import type Database from 'better-sqlite3';

export type WriteCursor = (source: string, resource: string, cursor: string, updatedAt: string) => void;

export const prepareWriteCursor = (db: Database.Database): WriteCursor => {
  const stmt = db.prepare<[string, string, string, string]>(
    `INSERT INTO mirror_cursors (source, resource, cursor, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source, resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  return (source, resource, cursor, updatedAt) => {
    stmt.run(source, resource, cursor, updatedAt);
  };
};
