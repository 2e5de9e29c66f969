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

/** io-ts's `UnknownRecord.is`: an object that is not an array. */
const isRecordObject = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === 'object' && !Array.isArray(u);

/**
 * `Delta.is`, spelled out: the same codecs' checks in the same order, each field read once, by its name.
 * io-ts's loop reads the fields as `u[key]` with a key that changes from field to field, an access V8
 * cannot cache, and the edge runs this check for every delta. (io-ts also asks whether an `undefined`
 * field is an own property; every codec here refuses `undefined` either way.)
 */
export const isDeltaValue = (u: unknown): u is Delta => {
  if (!isRecordObject(u)) return false;
  if (!Name.is(u.resource) || !RecordId.is(u.record_id) || !DeltaOp.is(u.op) || !JsonValue.is(u.payload))
    return false;
  if (!Timestamp.is(u.occurred_at)) return false;
  const provenance = u.provenance;
  return isRecordObject(provenance) && Name.is(provenance.source) && FiniteNumber.is(provenance.confidence);
};
