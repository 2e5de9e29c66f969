import type { JsonValue } from '../../model/JsonValue.js';
import type { MirroredRecord, Tombstone } from '../../model/MirroredRecord.js';
import { parseJson } from '../../model/parseJson.js';
import type { RecordId } from '../../model/RecordId.js';
import type { Timestamp } from '../../model/Timestamp.js';

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
 * A record read back from `mirror_records`. Our own writes are the only source of these rows, so their
 * shape is known; the payload was canonical JSON. The payload is parsed on first access and then kept:
 * most readers (last-write-wins, highest-confidence, keep-local, the version checks) never look at it,
 * and parsing it on every read is a third of a read's cost. `payload` is an ordinary enumerable own
 * property to its users (spread, `JSON.stringify`, equality), in the column order, an accessor shared by
 * every record: a getter of its own per record (an object literal's) put each record's properties in
 * dictionary mode, which cost more than the parse it saved. It is read with the lossless parse: a merge
 * or a strategy must see the numbers that were stored, every digit.
 */
class StoredRecord {
  declare readonly resource: string;
  declare readonly record_id: RecordId;
  declare readonly payload: JsonValue;
  declare readonly source: string;
  declare readonly last_synced_at: Timestamp;
  declare readonly confidence: number;
  declare readonly version: number;
  declare readonly occurred_at: Timestamp;
  declare readonly delta_key: string;
  #payloadJson: string;
  #payload: JsonValue | undefined = undefined;

  constructor(
    resource: string,
    recordId: string,
    payloadJson: string,
    source: string,
    lastSyncedAt: string,
    confidence: number,
    version: number,
    occurredAt: string,
    deltaKey: string,
  ) {
    this.#payloadJson = payloadJson;
    const self = this as { -readonly [K in keyof MirroredRecord]: unknown };
    self.resource = resource;
    self.record_id = recordId;
    Object.defineProperty(this, 'payload', PAYLOAD);
    self.source = source;
    self.last_synced_at = lastSyncedAt;
    self.confidence = confidence;
    self.version = version;
    self.occurred_at = occurredAt;
    self.delta_key = deltaKey;
  }

  static payloadJsonOf(record: StoredRecord): string {
    return record.#payloadJson;
  }

  static payloadOf(record: StoredRecord): JsonValue {
    record.#payload ??= parseJson(record.#payloadJson) as JsonValue;
    return record.#payload;
  }
}

/** The one `payload` accessor of every {@link StoredRecord}. */
const PAYLOAD: PropertyDescriptor = {
  get(this: StoredRecord): JsonValue {
    return StoredRecord.payloadOf(this);
  },
  enumerable: true,
  configurable: true,
};

/** The payload's JSON text as stored, for a record read from the store; undefined for any other record. */
export const storedPayloadJson = (record: MirroredRecord): string | undefined =>
  record instanceof StoredRecord ? StoredRecord.payloadJsonOf(record) : undefined;

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
): MirroredRecord =>
  new StoredRecord(
    resource,
    recordId,
    payloadJson,
    source,
    lastSyncedAt,
    confidence,
    version,
    occurredAt,
    deltaKey,
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

/**
 * A `mirror_events` row's columns from `delta_key` to `batch`, in table order: the parameters the
 * writer appends (before `prev_seq`) and the columns the log is read back with (after `seq`).
 */
export type EventColumns = [
  deltaKey: string,
  sourceId: string,
  resource: string,
  recordId: string,
  op: 'upsert' | 'delete',
  payload: string,
  occurredAt: string,
  provenanceSource: string,
  confidence: number,
  strategy: string,
  decision: 'applied' | 'merged' | 'skipped',
  reason: string | null,
  resultPayload: string | null,
  version: number | null,
  batch: number,
];
