import type Database from 'better-sqlite3';
import type { MirroredRecord, Tombstone } from '../../model/MirroredRecord.js';
import type { RecordId } from '../../model/RecordId.js';
import type { Timestamp } from '../../model/Timestamp.js';
import { mirroredRecord } from './rows.js';
import { TABLES } from '../tables.js';

/** What the writer decides a delta against: the live record, else its tombstone, and its history head. */
export interface StoredRecordState {
  readonly current: MirroredRecord | undefined;
  readonly tombstone: Tombstone | undefined;
  /** `last_seq` of the record, else of its tombstone: the seq of its last event; null when it has neither. */
  readonly head: number | null;
}

export type ReadRecordState = (resource: string, recordId: string) => StoredRecordState;

type StateTuple = [
  live: 0 | 1,
  payload: string | null,
  source: string,
  lastSyncedAt: string | null,
  confidence: number,
  version: number,
  occurredAt: string,
  deltaKey: string,
  lastSeq: number | null,
];

const NOTHING_STORED: StoredRecordState = { current: undefined, tombstone: undefined, head: null };

/**
 * Reads a record's state in one statement, where `readRecord` then `readTombstone` took two: the record
 * row, else the tombstone row (a live record and its tombstone never coexist; the record's row comes
 * first and `get` stops at the first row, so the tombstone is looked up only for a record with no live
 * row), each with its `last_seq`, which the event appended next links to as its `prev_seq`.
 */
export const prepareReadRecordState = (db: Database.Database): ReadRecordState => {
  const stmt = db
    .prepare<[string, string, string, string], StateTuple>(
      `SELECT 1, payload, source, last_synced_at, confidence, version, occurred_at, delta_key, last_seq
         FROM ${TABLES.records} WHERE resource = ? AND record_id = ?
       UNION ALL
       SELECT 0, NULL, source, NULL, confidence, version, occurred_at, delta_key, last_seq
         FROM ${TABLES.tombstones} WHERE resource = ? AND record_id = ?`,
    )
    .raw();
  return (resource, recordId) => {
    const row = stmt.get(resource, recordId, resource, recordId);
    if (row === undefined) return NOTHING_STORED;
    if (row[0] === 1) {
      return {
        current: mirroredRecord(
          resource,
          recordId,
          row[1] as string,
          row[2],
          row[3] as string,
          row[4],
          row[5],
          row[6],
          row[7],
        ),
        tombstone: undefined,
        head: row[8],
      };
    }
    return {
      current: undefined,
      tombstone: {
        resource,
        record_id: recordId as RecordId,
        source: row[2],
        confidence: row[4],
        version: row[5],
        occurred_at: row[6] as Timestamp,
        delta_key: row[7],
      },
      head: row[8],
    };
  };
};
