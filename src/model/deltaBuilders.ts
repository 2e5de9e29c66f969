import type { Delta } from './Delta.js';
import type { JsonObject } from './JsonValue.js';
import type { RecordId } from './RecordId.js';
import { parseTimestamp, timestampFromDate, type Timestamp } from './Timestamp.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';

const toTimestamp = (at: Date | string): Timestamp => {
  if (typeof at !== 'string') return timestampFromDate(at);
  const ts = parseTimestamp(at);
  if (ts === undefined) throw new InvalidOptionsError('occurred_at', at, 'expected an RFC 3339 timestamp');
  return ts;
};

/** Builds an upsert delta with confidence 1 and `occurred_at` now (override with {@link at}). */
export const upsert = (resource: string, recordId: string, payload: JsonObject, source: string): Delta => ({
  resource,
  record_id: recordId as RecordId,
  op: 'upsert',
  payload,
  occurred_at: timestampFromDate(new Date()),
  provenance: { source, confidence: 1 },
});

/** Builds a delete delta (payload `null`), confidence 1, `occurred_at` now. */
export const remove = (resource: string, recordId: string, source: string): Delta => ({
  resource,
  record_id: recordId as RecordId,
  op: 'delete',
  payload: null,
  occurred_at: timestampFromDate(new Date()),
  provenance: { source, confidence: 1 },
});

/** Returns the delta with its confidence clamped to [0, 1]. Throws on NaN: that is a bug, not a 0. */
export const withConfidence = (delta: Delta, confidence: number): Delta => {
  if (Number.isNaN(confidence)) throw new InvalidOptionsError('confidence', confidence, 'expected a number');
  return { ...delta, provenance: { ...delta.provenance, confidence: Math.min(1, Math.max(0, confidence)) } };
};

/** Returns the delta with `occurred_at` set to the given instant (a `Date` or an RFC 3339 string). */
export const at = (delta: Delta, occurredAt: Date | string): Delta => ({
  ...delta,
  occurred_at: toTimestamp(occurredAt),
});
