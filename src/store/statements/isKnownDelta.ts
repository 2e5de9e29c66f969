import type Database from 'better-sqlite3';
import type { DeltaKey } from '../../model/deltaKey.js';
import type { Timestamp } from '../../model/Timestamp.js';
import { TABLES } from '../tables.js';

/**
 * Whether a delta with this key is already in the event log (dedupe across restarts). The key hashes
 * `occurred_at`, so the lookup goes through the time-ordered index (`occurred_at`, `delta_key`).
 */
export type IsKnownDelta = (occurredAt: Timestamp, key: DeltaKey) => boolean;

export const prepareIsKnownDelta = (db: Database.Database): IsKnownDelta => {
  const stmt = db
    .prepare<[string, string], number>(
      `SELECT 1 FROM ${TABLES.events} WHERE occurred_at = ? AND delta_key = ?`,
    )
    .pluck();
  return (occurredAt, key) => stmt.get(occurredAt, key) !== undefined;
};
