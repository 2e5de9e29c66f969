import type { JsonValue } from '../../model/JsonValue.js';
import type { MirroredRecord, Tombstone } from '../../model/MirroredRecord.js';
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

/** Our own writes are the only source of these rows, so their shape is known; the payload was canonical JSON. */
export const toMirroredRecord = (row: RecordRow): MirroredRecord => ({
  resource: row.resource,
  record_id: row.record_id as RecordId,
  payload: JSON.parse(row.payload) as JsonValue,
  source: row.source,
  last_synced_at: row.last_synced_at as Timestamp,
  confidence: row.confidence,
  version: row.version,
  occurred_at: row.occurred_at as Timestamp,
  delta_key: row.delta_key,
});

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
