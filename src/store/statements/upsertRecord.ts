import type Database from 'better-sqlite3';
import type { MirroredRecord } from '../../model/MirroredRecord.js';
import { TABLES } from '../tables.js';

/**
 * Writes a record (its payload as the canonical JSON `payloadJson`) at its version, its history head at
 * the event `lastSeq`, only if the stored row (if any) is at the version before: a compare-and-set that
 * catches a second writer. Returns false when the stored version differed.
 */
export type UpsertRecord = (record: MirroredRecord, payloadJson: string, lastSeq: number) => boolean;

export const prepareUpsertRecord = (db: Database.Database): UpsertRecord => {
  // Positional parameters: binding by name costs a property lookup per column per row.
  const stmt = db.prepare<[string, string, string, string, string, number, number, string, string, number]>(
    `INSERT INTO ${TABLES.records} (resource, record_id, payload, source, last_synced_at, confidence, version, occurred_at, delta_key, last_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (resource, record_id) DO UPDATE SET
       payload = excluded.payload, source = excluded.source, last_synced_at = excluded.last_synced_at,
       confidence = excluded.confidence, version = excluded.version, occurred_at = excluded.occurred_at,
       delta_key = excluded.delta_key, last_seq = excluded.last_seq
     WHERE ${TABLES.records}.version = excluded.version - 1`,
  );
  return (r, payloadJson, lastSeq) =>
    stmt.run(
      r.resource,
      r.record_id,
      payloadJson,
      r.source,
      r.last_synced_at,
      r.confidence,
      r.version,
      r.occurred_at,
      r.delta_key,
      lastSeq,
    ).changes === 1;
};
