import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** Live record count per resource, by resource name. */
export type CountRecordsByResource = () => Record<string, number>;

export const prepareCountRecordsByResource = (db: Database.Database): CountRecordsByResource => {
  const stmt = db.prepare<[], { resource: string; n: number }>(
    `SELECT resource, count(*) AS n FROM ${TABLES.records} GROUP BY resource ORDER BY resource`,
  );
  return () => Object.fromEntries(stmt.all().map((r) => [r.resource, r.n]));
};
