import type { DeltaKey } from './deltaKey.js';
import type { JsonValue } from './JsonValue.js';
import type { RecordId } from './RecordId.js';
import type { Timestamp } from './Timestamp.js';

/** A materialised record: the current state of one record in `mirror_records`. */
export interface MirroredRecord {
  readonly resource: string;
  readonly record_id: RecordId;
  /** Last successfully applied payload. */
  readonly payload: JsonValue;
  /** Source that wrote the latest version. */
  readonly source: string;
  /** Wall-clock time of the commit that wrote the latest version. */
  readonly last_synced_at: Timestamp;
  /** Confidence of the latest payload, in [0, 1]. */
  readonly confidence: number;
  /** Per-record version, incremented on every applied change (deletes included). */
  readonly version: number;
  /** `occurred_at` of the delta that wrote the latest version (what last-write-wins compares). */
  readonly occurred_at: Timestamp;
  /** Key of the delta that wrote the latest version (links the record to its event). */
  readonly delta_key: DeltaKey;
}

/** What remains of a deleted record: enough for last-write-wins to refuse an older, late upsert. */
export interface Tombstone {
  readonly resource: string;
  readonly record_id: RecordId;
  readonly source: string;
  readonly confidence: number;
  readonly version: number;
  readonly occurred_at: Timestamp;
  readonly delta_key: DeltaKey;
}
