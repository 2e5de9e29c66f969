import type Database from 'better-sqlite3';
import type { RecordRow } from './rows.js';

/**
 * Writes a record at `version`, only if the stored row (if any) is at `version - 1`: a
 * compare-and-set that catches a second writer. Returns false when the stored version differed.
 */
export type UpsertRecord = (row: RecordRow) => boolean;

export const prepareUpsertRecord = (db: Database.Database): UpsertRecord => {
  const stmt = db.prepare<[RecordRow]>(
    `INSERT INTO mirror_records (resource, record_id, payload, source, last_synced_at, confidence, version, occurred_at, delta_key)
     VALUES (@resource, @record_id, @payload, @source, @last_synced_at, @confidence, @version, @occurred_at, @delta_key)
     ON CONFLICT (resource, record_id) DO UPDATE SET
       payload = excluded.payload, source = excluded.source, last_synced_at = excluded.last_synced_at,
       confidence = excluded.confidence, version = excluded.version, occurred_at = excluded.occurred_at,
       delta_key = excluded.delta_key
     WHERE mirror_records.version = excluded.version - 1`,
  );
  return (row) => stmt.run(row).changes === 1;
};
