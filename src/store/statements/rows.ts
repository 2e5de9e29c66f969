import type { JsonValue } from '../../model/JsonValue.js';
import type { MirroredRecord, Tombstone } from '../../model/MirroredRecord.js';
import { parseJson } from '../../model/parseJson.js';
import type { RecordId } from '../../model/RecordId.js';
import type { Timestamp } from '../../model/Timestamp.js';

/** A `mirror_records` row as SQLite returns it (payload still JSON text). */
export interface RecordRow {
  resource: string;
  record_id: string;
  payload: string;
  source: string;
  last_synced_at: string;
  confidence: number;
  version: number;
  occurred_at: string;
  delta_key: string;
}

export interface TombstoneRow {
  resource: string;
  record_id: string;
  source: string;
  confidence: number;
  version: number;
  occurred_at: string;
  delta_key: string;
}

/**
 * Our own writes are the only source of these rows, so their shape is known; the payload was canonical JSON.
 * The payload is parsed on first access and then kept: most readers (last-write-wins, highest-confidence,
 * keep-local, the version checks) never look at it, and parsing it on every read is a third of a read's
 * cost. `payload` is an ordinary enumerable property to its users (spread, `JSON.stringify`, equality).
 * It is read with the lossless parse: a merge or a strategy must see the numbers that were stored, every digit.
 */
export const mirroredRecord = (
  resource: string,
  recordId: string,
  payloadJson: string,
  source: string,
  lastSyncedAt: string,
  confidence: number,
  version: number,
  occurredAt: string,
  deltaKey: string,
): MirroredRecord => {
  let parsed = false;
  let payload: JsonValue = null;
  return {
    resource,
    record_id: recordId as RecordId,
    get payload(): JsonValue {
      if (!parsed) {
        payload = parseJson(payloadJson) as JsonValue;
        parsed = true;
      }
      return payload;
    },
    source,
    last_synced_at: lastSyncedAt as Timestamp,
    confidence,
    version,
    occurred_at: occurredAt as Timestamp,
    delta_key: deltaKey,
  };
};

export const toMirroredRecord = (row: RecordRow): MirroredRecord =>
  mirroredRecord(
    row.resource,
    row.record_id,
    row.payload,
    row.source,
    row.last_synced_at,
    row.confidence,
    row.version,
    row.occurred_at,
    row.delta_key,
  );

/** A `mirror_records` row as an array, in {@link RECORD_COLUMNS} order (a statement in `raw` mode). */
export type RecordTuple = [
  resource: string,
  record_id: string,
  payload: string,
  source: string,
  last_synced_at: string,
  confidence: number,
  version: number,
  occurred_at: string,
  delta_key: string,
];

export const tupleToMirroredRecord = (t: RecordTuple): MirroredRecord =>
  mirroredRecord(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8]);

export const toTombstone = (row: TombstoneRow): Tombstone => ({
  resource: row.resource,
  record_id: row.record_id as RecordId,
  source: row.source,
  confidence: row.confidence,
  version: row.version,
  occurred_at: row.occurred_at as Timestamp,
  delta_key: row.delta_key,
});

export const RECORD_COLUMNS =
  'resource, record_id, payload, source, last_synced_at, confidence, version, occurred_at, delta_key';
