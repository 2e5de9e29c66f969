import * as t from 'io-ts';
import { JsonValue } from './JsonValue.js';
import { Name } from './ResourceName.js';
import { RecordId } from './RecordId.js';
import { Timestamp } from './Timestamp.js';

/** Whether a delta inserts/updates or deletes a record. */
export const DeltaOp = t.keyof({ upsert: null, delete: null }, 'DeltaOp');
export type DeltaOp = t.TypeOf<typeof DeltaOp>;

const FiniteNumber = new t.Type<number, number, unknown>(
  'FiniteNumber',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) =>
    typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c, 'expected a finite number'),
  t.identity,
);

/**
 * Source and confidence metadata attached to every delta and stored with every record.
 * `confidence` should lie in [0, 1]; values outside are clamped by `clampConfidence`.
 */
export const Provenance = t.type({ source: Name, confidence: FiniteNumber }, 'Provenance');
export type Provenance = t.TypeOf<typeof Provenance>;

/** A single change to one record, in the snake_case JSON shape of the original crate. */
export const Delta = t.type(
  {
    resource: Name,
    record_id: RecordId,
    op: DeltaOp,
    payload: JsonValue,
    occurred_at: Timestamp,
    provenance: Provenance,
  },
  'Delta',
);
export type Delta = t.TypeOf<typeof Delta>;
/** The JSON form of a {@link Delta}. */
export type DeltaJson = t.OutputOf<typeof Delta>;
