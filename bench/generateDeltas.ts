import type { Delta } from '../src/model/Delta.js';
import type { JsonObject } from '../src/model/JsonValue.js';
import type { RecordId } from '../src/model/RecordId.js';
import { checkpoint, type SourceEmission } from '../src/model/SourceEmission.js';
import type { Timestamp } from '../src/model/Timestamp.js';

/**
 * Which records the deltas write:
 * - `scattered` (the `updates` workload): a seeded permutation of `records` ids, repeated, so each
 *   record is updated once per `records` deltas;
 * - `new-in-id-order` (the `first-sync` workload): delta i creates record `item-<i>`, zero-padded to at
 *   least 7 digits (so lexical order is numeric order up to 10M), each record written once; `records`
 *   is not used.
 */
export type DeltaOrder = 'scattered' | 'new-in-id-order';

/** What the benchmark's source emits: the same stream, bit for bit, for every variant with the same options. */
export interface DeltaStreamOptions {
  /** How many deltas (upserts). */
  readonly deltas: number;
  /** How many distinct record ids (`scattered` only); each is updated every `records` deltas. */
  readonly records: number;
  /** Default `scattered`. */
  readonly order?: DeltaOrder;
  readonly seed: number;
  /** A checkpoint (`cursor` = deltas emitted so far) follows every `pageSize` deltas, and the last one. */
  readonly pageSize: number;
  /** `occurred_at` is the delta's index in ms past the base time, plus a uniform jitter in ±jitterMs. */
  readonly jitterMs: number;
  readonly resource: string;
  /** `provenance.source` of every delta. */
  readonly origin: string;
}

export const DEFAULT_STREAM: Omit<DeltaStreamOptions, 'deltas'> = {
  records: 100_000,
  seed: 20240501,
  pageSize: 1_000,
  jitterMs: 200,
  resource: 'items',
  origin: 'erp',
};

/** mulberry32: a small, fast, seeded PRNG; returns floats in [0, 1). Deterministic for a seed. */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const ADJECTIVES = ['amber', 'brisk', 'coral', 'dusty', 'eager', 'fuzzy', 'giant', 'hazel', 'ivory', 'jolly'];
const NOUNS = [
  'anchor',
  'basket',
  'candle',
  'drawer',
  'easel',
  'funnel',
  'goblet',
  'hammer',
  'inkpot',
  'jigsaw',
];
const TAGS = ['new', 'sale', 'eco', 'bulk', 'fragile', 'import', 'local', 'gift', 'seasonal', 'clearance'];

const BASE_MS = Date.UTC(2024, 4, 1);

/**
 * The benchmark's source: `deltas` upserts of `resource`, with a checkpoint after each page.
 *
 * - Record ids, `scattered`: `item-000000` … , a seeded permutation of the `records` ids, repeated, so
 *   every id is updated once per `records` deltas (far more than the jitter), and each delta is applied
 *   by last-write-wins (no skips): every variant writes the same rows. `new-in-id-order`: `item-0000000`,
 *   `item-0000001`, … , one new record per delta, in id order (a first sync of a source paged by id).
 * - `occurred_at` increases by 1 ms per delta with ±`jitterMs` of noise, so the ordering window has
 *   work to do; the sub-millisecond digits are the delta's index, which keeps every timestamp (and
 *   every delta key) distinct.
 * - Payload: a JSON object of about 200 bytes (canonical form), keys deliberately not sorted.
 *
 * A generator: nothing is materialised, so memory does not grow with `deltas`.
 */
export function* generateEmissions(options: DeltaStreamOptions): Generator<SourceEmission, void, undefined> {
  const { deltas, records, pageSize, jitterMs, resource, origin } = options;
  const scattered = (options.order ?? 'scattered') === 'scattered';
  const random = mulberry32(options.seed);
  const permutation = new Int32Array(scattered ? records : 0);
  for (let i = 0; i < permutation.length; i++) permutation[i] = i;
  for (let i = permutation.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = permutation[i] as number;
    permutation[i] = permutation[j] as number;
    permutation[j] = t;
  }
  // new-in-id-order: one width for the whole stream, so that lexical order is numeric order
  const newIdWidth = Math.max(7, String(Math.max(0, deltas - 1)).length);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < deltas; i++) {
    const id = scattered
      ? String(permutation[i % records]).padStart(6, '0')
      : String(i).padStart(newIdWidth, '0');
    const ms = BASE_MS + i + Math.round((random() * 2 - 1) * jitterMs);
    const occurredAt = `${new Date(ms).toISOString().slice(0, 23)}${String(i % 1_000_000).padStart(6, '0')}Z`;
    const payload: JsonObject = {
      sku: `SKU-${id}`,
      name: `${pick(ADJECTIVES)} ${pick(NOUNS)}`,
      price: Math.round(random() * 1_000_000) / 100,
      quantity: Math.floor(random() * 10_000),
      warehouse: `WH-${Math.floor(random() * 40)}`,
      tags: [pick(TAGS), pick(TAGS)],
      dimensions: {
        w: Math.floor(random() * 200),
        h: Math.floor(random() * 200),
        d: Math.floor(random() * 200),
      },
      active: random() < 0.9,
      updated_by: `user-${Math.floor(random() * 1000)}`,
      revision: i,
    };
    const delta: Delta = {
      resource,
      record_id: `item-${id}` as RecordId,
      op: 'upsert',
      payload,
      occurred_at: occurredAt as Timestamp,
      provenance: { source: origin, confidence: Math.round(random() * 100) / 100 },
    };
    yield delta;
    if ((i + 1) % pageSize === 0 || i === deltas - 1) yield checkpoint(resource, String(i + 1));
  }
}

/**
 * The first `deltas` deltas of `emissions` (with the checkpoints among them), pulled one by one, so that
 * the rest of `emissions` stays open for the next consumer (a `for … of` with `break` would close it).
 */
export function* takeDeltas(
  emissions: Iterator<SourceEmission, void, undefined>,
  deltas: number,
): Generator<SourceEmission, void, undefined> {
  let taken = 0;
  while (taken < deltas) {
    const next = emissions.next();
    if (next.done === true) return;
    if (!('kind' in next.value)) taken++;
    yield next.value;
  }
}
