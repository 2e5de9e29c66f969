import type Database from 'better-sqlite3';
import type { MirroredRecord } from '../../model/MirroredRecord.js';
import { TABLES } from '../tables.js';

/**
 * Writes a record (its payload as the canonical JSON `payloadJson`) at its version, its history head at
 * the event `lastSeq`, only if the stored row (if any) is at the version before: a compare-and-set that
 * catches a second writer. Returns false when the stored version differed. `stored` says whether the
 * decision found a live row: then a plain UPDATE of it is tried first (one lookup, where the upsert
 * takes two), and the upsert only when that finds no row at the version before.
 */
export type UpsertRecord = (
  record: MirroredRecord,
  payloadJson: string,
  lastSeq: number,
  stored: boolean,
) => boolean;

export const prepareUpsertRecord = (db: Database.Database): UpsertRecord => {
  // Positional parameters: binding by name costs a property lookup per column per row.
  const upsert = db.prepare<[string, string, string, string, string, number, number, string, string, number]>(
    `INSERT INTO ${TABLES.records} (resource, record_id, payload, source, last_synced_at, confidence, version, occurred_at, delta_key, last_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (resource, record_id) DO UPDATE SET
       payload = excluded.payload, source = excluded.source, last_synced_at = excluded.last_synced_at,
       confidence = excluded.confidence, version = excluded.version, occurred_at = excluded.occurred_at,
       delta_key = excluded.delta_key, last_seq = excluded.last_seq
     WHERE ${TABLES.records}.version = excluded.version - 1`,
  );
  const update = db.prepare<
    [string, string, string, number, number, string, string, number, string, string, number]
  >(
    `UPDATE ${TABLES.records} SET payload = ?, source = ?, last_synced_at = ?, confidence = ?, version = ?,
       occurred_at = ?, delta_key = ?, last_seq = ?
     WHERE resource = ? AND record_id = ? AND version = ?`,
  );
  return (r, payloadJson, lastSeq, stored) =>
    (stored &&
      update.run(
        payloadJson,
        r.source,
        r.last_synced_at,
        r.confidence,
        r.version,
        r.occurred_at,
        r.delta_key,
        lastSeq,
        r.resource,
        r.record_id,
        r.version - 1,
      ).changes === 1) ||
    upsert.run(
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
