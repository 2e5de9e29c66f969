import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

export interface ResourceSummary {
  readonly resource: string;
  readonly records: number;
  readonly firstSeenAt: string;
}

export type ListResources = () => ResourceSummary[];

/** Every registered resource with its live record count, by name. */
export const prepareListResources = (db: Database.Database): ListResources => {
  const stmt = db.prepare<[], { resource: string; records: number; first_seen_at: string }>(
    `SELECT r.resource, r.first_seen_at,
            (SELECT count(*) FROM ${TABLES.records} m WHERE m.resource = r.resource) AS records
       FROM ${TABLES.resources} r ORDER BY r.resource`,
  );
  return () =>
    stmt
      .all()
      .map((row) => ({ resource: row.resource, records: row.records, firstSeenAt: row.first_seen_at }));
};
