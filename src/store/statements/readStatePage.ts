import type Database from 'better-sqlite3';
import type { DeltaOp } from '../../model/Delta.js';
import { TABLES } from '../tables.js';

/** A live record (`upsert`, its payload) or a tombstone (`delete`), as a snapshot writes it. */
export interface StateEntry {
  readonly resource: string;
  readonly recordId: string;
  readonly op: DeltaOp;
  /** The stored payload; `null` for a tombstone. */
  readonly payloadJson: string | null;
  readonly occurredAt: string;
  readonly source: string;
  readonly confidence: number;
}

/**
 * Up to `limit` entries of the mirror's state after the key (`resource`, `recordId`), records and
 * tombstones merged in key order (a record is never both). Start from `('', '')`.
 */
export type ReadStatePage = (afterResource: string, afterRecordId: string, limit: number) => StateEntry[];

export const prepareReadStatePage = (db: Database.Database): ReadStatePage => {
  const stmt = db.prepare<[{ resource: string; recordId: string; limit: number }], StateEntry>(
    `SELECT resource, record_id AS recordId, 'upsert' AS op, payload AS payloadJson,
            occurred_at AS occurredAt, source, confidence
       FROM ${TABLES.records} WHERE (resource, record_id) > (@resource, @recordId)
     UNION ALL
     SELECT resource, record_id AS recordId, 'delete' AS op, NULL AS payloadJson,
            occurred_at AS occurredAt, source, confidence
       FROM ${TABLES.tombstones} WHERE (resource, record_id) > (@resource, @recordId)
     ORDER BY 1, 2 LIMIT @limit`,
  );
  return (afterResource, afterRecordId, limit) =>
    stmt.all({ resource: afterResource, recordId: afterRecordId, limit });
};
