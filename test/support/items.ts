import { canonicalJson } from '../../src/model/canonicalJson.js';
import type { Delta, DeltaOp } from '../../src/model/Delta.js';
import { deltaKey } from '../../src/model/deltaKey.js';
import type { JsonValue } from '../../src/model/JsonValue.js';
import type { CheckpointItem, DeltaItem, MirrorItem, RejectItem } from '../../src/model/MirrorItem.js';
import type { RecordId } from '../../src/model/RecordId.js';
import { timestampFromEpochMs } from '../../src/model/Timestamp.js';

/** The instant `at: 0` stands for in {@link deltaItem}: 2024-05-01T12:00:00Z. */
export const BASE_MS = Date.UTC(2024, 4, 1, 12);

export interface DeltaSpec {
  readonly source?: string;
  readonly resource?: string;
  readonly recordId?: string;
  readonly op?: DeltaOp;
  readonly payload?: JsonValue;
  /** `occurred_at` as milliseconds after {@link BASE_MS}. */
  readonly at?: number;
  readonly confidence?: number;
}

/** A delta item as a source would emit it, with `payloadJson` and `key` computed from the delta. */
export const deltaItem = (spec: DeltaSpec = {}): DeltaItem => {
  const source = spec.source ?? 'crm';
  const op = spec.op ?? 'upsert';
  const payload = spec.payload ?? (op === 'delete' ? null : { name: spec.recordId ?? 'r1' });
  const delta: Delta = {
    resource: spec.resource ?? 'contacts',
    record_id: (spec.recordId ?? 'r1') as RecordId,
    op,
    payload,
    occurred_at: timestampFromEpochMs(BASE_MS + (spec.at ?? 0)),
    provenance: { source, confidence: spec.confidence ?? 1 },
  };
  const payloadJson = canonicalJson(payload);
  return { kind: 'delta', source, delta, key: deltaKey(delta, payloadJson), payloadJson };
};

export const checkpointItem = (source: string, cursor: string, resource = 'contacts'): CheckpointItem => ({
  kind: 'checkpoint',
  source,
  resource,
  cursor,
});

export const rejectItem = (source: string, location: string): RejectItem => ({
  kind: 'reject',
  source,
  location,
  input: '{"oops"',
  issues: [{ path: '', reason: 'expected JSON' }],
});

/** `occurred_at` in ms after {@link BASE_MS}, for readable assertions on ordered output. */
export const atOf = (item: DeltaItem): number =>
  Date.parse(item.delta.occurred_at.slice(0, 23) + 'Z') - BASE_MS;

/** A short label per item for readable failure output: `d:r1@100`, `c:crm/c1`, `x:crm/line 1`. */
export const label = (item: MirrorItem): string =>
  item.kind === 'delta'
    ? `d:${item.delta.record_id}@${atOf(item)}`
    : item.kind === 'checkpoint'
      ? `c:${item.source}/${item.cursor}`
      : `x:${item.source}/${item.location}`;
