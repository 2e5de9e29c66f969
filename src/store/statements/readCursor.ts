import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

export type ReadCursor = (source: string, resource: string) => string | undefined;

export const prepareReadCursor = (db: Database.Database): ReadCursor => {
  const stmt = db.prepare<[string, string], { cursor: string }>(
    `SELECT cursor FROM ${TABLES.cursors} WHERE source = ? AND resource = ?`,
  );
  return (source, resource) => stmt.get(source, resource)?.cursor;
};
