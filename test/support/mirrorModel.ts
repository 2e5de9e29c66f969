/**
 * A model-based check of the whole pipeline (issue 10): random runs of a real mirror on a real SQLite
 * file against a reference model, with the mirror's four promises checked after every commit.
 *
 * A scenario is a few sources, each a feed of deltas pulled in random pages with random delays, and a
 * series of runs over one database file: a run either pulls until caught up, is stopped (`stop()`
 * after some pulls: what was received is committed) or crashes (unsubscribed after some commits:
 * whatever was not committed is lost, as when a process dies between two transactions). Feeds hold
 * upserts and deletes of a few records, many deltas at one instant, out-of-order and far-future
 * deltas, the same delta again in the same feed and in another source's feed, and `occurred_at` in
 * every RFC 3339 form a library caller may write.
 *
 * After every commit: every logged delta comes from a feed and is logged once; no source's cursor is
 * ahead of the deltas it covers; the records equal last-write-wins over the logged deltas (by
 * `occurred_at`, then provenance source, then delta key), which does not depend on arrival order.
 * After every run: the log replays to exactly the records (`verifyMirror`). After a last complete run:
 * every feed delta is logged.
 */
import fc from 'fast-check';
import { firstValueFrom, timer } from 'rxjs';
import type { Delta } from '../../src/model/Delta.js';
import type { DeltaItem } from '../../src/model/MirrorItem.js';
import type { RecordId } from '../../src/model/RecordId.js';
import { parseTimestamp, type Timestamp } from '../../src/model/Timestamp.js';
import { verifyMirror } from '../../src/replay/verifyMirror.js';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import type { SyncSource } from '../../src/sources/SyncSource.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { mirrorPipeline, type MirrorWriter } from '../../src/streams/mirrorPipeline.js';
import { toMirrorItem } from '../../src/streams/toMirrorItem.js';
import { listCursors } from '../../src/store/listCursors.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { openStore } from '../../src/store/openStore.js';
import { historyChains } from './historyChains.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const RESOURCE = '*'; // the sources' one cursor resource: a feed holds deltas of several resources

/** How one run of a scenario ends. */
export type RunPlan =
  | { readonly kind: 'complete' }
  | { readonly kind: 'stop'; readonly afterPulls: number }
  | { readonly kind: 'crash'; readonly afterCommits: number };

export interface SourcePlan {
  readonly id: string;
  readonly feed: readonly Delta[];
  /** Page sizes, used in turn. */
  readonly pageSizes: readonly number[];
  /** Milliseconds each pull takes, used in turn. */
  readonly delaysMs: readonly number[];
}

export interface Scenario {
  readonly sources: readonly SourcePlan[];
  readonly runs: readonly RunPlan[];
  readonly batchSize: number;
  readonly dedupeWindow: number;
  readonly maxBuffered: number;
  readonly allowedLatenessMs: number;
  readonly maxDelayMs: number;
  /** Where batches are written: both writers keep every promise. */
  readonly writer: MirrorWriter;
}

const BASE_MS = Date.UTC(2024, 0, 1);
const FAR_FUTURE_MS = Date.UTC(2999, 0, 1);

/** The forms a caller may write one instant in; all decode to the same canonical timestamp. */
const FORMS: readonly ((ms: number) => string)[] = [
  (ms) => new Date(ms).toISOString(), // 2024-01-01T00:00:00.000Z
  (ms) => new Date(ms).toISOString().replace('.000Z', 'Z'), // no fraction (the instants are whole seconds)
  (ms) => new Date(ms).toISOString().replace('T', 't').replace('Z', 'z'),
  (ms) => `${new Date(ms + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`,
  (ms) => `${new Date(ms - 5 * 3_600_000 - 30 * 60_000).toISOString().slice(0, 19)}.000000000-05:30`,
  (ms) => `${new Date(ms).toISOString().slice(0, 19)}.000000000Z`, // canonical
];

const deltaArb = (): fc.Arbitrary<Delta> =>
  fc
    .record({
      resource: fc.constantFrom('pets', 'owners'),
      id: fc.constantFrom('r1', 'r2', 'r3'),
      deleteWeight: fc.integer({ min: 0, max: 4 }),
      // Few instants, so many deltas share one; sometimes far in the future.
      second: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: 6 }) },
        { weight: 1, arbitrary: fc.constant(-1) },
      ),
      form: fc.integer({ min: 0, max: FORMS.length - 1 }),
      provenance: fc.constantFrom('p', 'q'),
      confidence: fc.constantFrom(0, 0.5, 1, 1.5),
      value: fc.integer({ min: 0, max: 9 }),
      deletePayload: fc.boolean(),
    })
    .map(
      ({ resource, id, deleteWeight, second, form, provenance, confidence, value, deletePayload }): Delta => {
        const ms = second < 0 ? FAR_FUTURE_MS : BASE_MS + second * 1_000;
        const isDelete = deleteWeight === 0;
        return {
          resource,
          record_id: id as RecordId,
          op: isDelete ? 'delete' : 'upsert',
          // A code-built delete may carry a payload: the edge drops it.
          payload: isDelete ? (deletePayload ? { secret: value } : null) : { v: value, by: provenance },
          occurred_at: (FORMS[form] as (ms: number) => string)(ms) as Timestamp,
          provenance: { source: provenance, confidence },
        };
      },
    );

/** The same delta as written again by someone else: another RFC 3339 form of the same instant. */
const rewritten = (delta: Delta, form: number): Delta => {
  const canonical = parseTimestamp(delta.occurred_at) as string;
  const ms = Date.parse(`${canonical.slice(0, 23)}Z`);
  return { ...delta, occurred_at: (FORMS[form % FORMS.length] as (ms: number) => string)(ms) as Timestamp };
};

const feedArb = (
  others: number,
): fc.Arbitrary<{
  own: Delta[];
  copies: { from: number; at: number; form: number }[];
  repeats: { at: number }[];
}> =>
  fc.record({
    own: fc.array(deltaArb(), { minLength: 1, maxLength: 14 }),
    // Copies of another source's deltas (by index into its own list), in another form.
    copies:
      others === 0
        ? fc.constant([])
        : fc.array(fc.record({ from: fc.nat(), at: fc.nat(), form: fc.nat() }), { maxLength: 4 }),
    // Repeats of this feed's own earlier deltas.
    repeats: fc.array(fc.record({ at: fc.nat() }), { maxLength: 3 }),
  });

export const scenarioArb = (): fc.Arbitrary<Scenario> =>
  fc
    .integer({ min: 1, max: 3 })
    .chain((n) =>
      fc.record({
        feeds: fc.array(feedArb(n - 1), { minLength: n, maxLength: n }),
        pageSizes: fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), {
          minLength: n,
          maxLength: n,
        }),
        delaysMs: fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), {
          minLength: n,
          maxLength: n,
        }),
        runs: fc.array(
          fc.oneof(
            fc.constant<RunPlan>({ kind: 'complete' }),
            fc.integer({ min: 1, max: 6 }).map((afterPulls): RunPlan => ({ kind: 'stop', afterPulls })),
            fc.integer({ min: 0, max: 4 }).map((afterCommits): RunPlan => ({ kind: 'crash', afterCommits })),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        batchSize: fc.integer({ min: 1, max: 7 }),
        dedupeWindow: fc.integer({ min: 1, max: 12 }),
        maxBuffered: fc.integer({ min: 1, max: 20 }),
        allowedLatenessMs: fc.constantFrom(0, 1_000, 3_600_000),
        maxDelayMs: fc.integer({ min: 0, max: 15 }),
        writer: fc.constantFrom<MirrorWriter>('inline', 'thread'),
      }),
    )
    .map(({ feeds, pageSizes, delaysMs, ...rest }) => ({
      ...rest,
      sources: feeds.map((feed, i): SourcePlan => {
        const others = feeds.filter((_, j) => j !== i);
        const list = [...feed.own];
        for (const copy of feed.copies) {
          const other = others[copy.from % others.length]?.own ?? [];
          const original = other[copy.from % Math.max(1, other.length)];
          if (original !== undefined)
            list.splice(copy.at % (list.length + 1), 0, rewritten(original, copy.form));
        }
        for (const repeat of feed.repeats) {
          const original = list[repeat.at % list.length] as Delta;
          list.splice(Math.min(list.length, (repeat.at % list.length) + 1 + (repeat.at % 3)), 0, original);
        }
        return {
          id: `s${i}`,
          feed: list,
          pageSizes: pageSizes[i] ?? [1],
          delaysMs: delaysMs[i] ?? [0],
        };
      }),
    }));

/** A feed as a pull-based source: the cursor is the index of the next delta. */
const feedSource = (plan: SourcePlan, onPull: () => void): SyncSource => {
  let pulls = 0;
  return {
    resource: RESOURCE,
    pull: async (cursor, { signal }) => {
      const turn = pulls++;
      onPull();
      const start = cursor === undefined ? 0 : Number(cursor);
      const end = Math.min(
        plan.feed.length,
        start + (plan.pageSizes[turn % plan.pageSizes.length] as number),
      );
      const delay = plan.delaysMs[turn % plan.delaysMs.length] as number;
      if (delay > 0) await firstValueFrom(timer(delay));
      signal.throwIfAborted();
      return { emissions: plan.feed.slice(start, end), cursor: String(end), hasMore: end < plan.feed.length };
    },
  };
};

/** What identifies a feed delta once it has left the edge: its key, as the pipeline computes it. */
const keyOf = (sourceId: string, delta: Delta): DeltaItem => {
  const item = toMirrorItem(sourceId)(delta);
  if (item.kind !== 'delta') throw new Error(`a feed delta did not decode: ${JSON.stringify(delta)}`);
  return item;
};

interface EventRow {
  delta_key: string;
  resource: string;
  record_id: string;
  op: 'upsert' | 'delete';
  payload: string;
  occurred_at: string;
  provenance_source: string;
}

/**
 * The mirror's promises, checked against the database as committed now: in one read transaction, one
 * snapshot, as a reader must read a mirror whose writer (the writer thread) may commit meanwhile.
 */
const checkPromises = (
  store: MirrorStore,
  scenario: Scenario,
  keys: ReadonlyMap<string, readonly string[]>,
): void => connectionOf(store).transaction(() => checkPromisesIn(store, scenario, keys))();

const checkPromisesIn = (
  store: MirrorStore,
  scenario: Scenario,
  keys: ReadonlyMap<string, readonly string[]>,
): void => {
  const events = connectionOf(store)
    .prepare(
      'SELECT delta_key, resource, record_id, op, payload, occurred_at, provenance_source FROM mirror_events ORDER BY seq',
    )
    .all() as EventRow[];
  const logged = new Set(events.map((e) => e.delta_key));
  // Every logged delta comes from a feed, once.
  expect(logged.size).toBe(events.length);
  const known = new Set([...keys.values()].flat());
  for (const key of logged) expect(known.has(key)).toBe(true);
  // No cursor ahead of its data: every delta a stored cursor covers is in the log.
  for (const cursor of listCursors(store)) {
    const covered = (keys.get(cursor.source) ?? []).slice(0, Number(cursor.cursor));
    const missing = covered.filter((key) => !logged.has(key));
    expect({ source: cursor.source, cursor: cursor.cursor, missing }).toEqual({
      source: cursor.source,
      cursor: cursor.cursor,
      missing: [],
    });
  }
  // The records are last-write-wins over the logged deltas, whatever order they came in.
  const winners = new Map<string, EventRow>();
  const later = (a: EventRow, b: EventRow): boolean =>
    a.occurred_at !== b.occurred_at
      ? a.occurred_at > b.occurred_at
      : a.provenance_source !== b.provenance_source
        ? a.provenance_source > b.provenance_source
        : a.delta_key > b.delta_key;
  for (const e of events) {
    const id = JSON.stringify([e.resource, e.record_id]);
    const current = winners.get(id);
    if (current === undefined || later(e, current)) winners.set(id, e);
  }
  const expected = [...winners.values()]
    .filter((e) => e.op === 'upsert')
    .map((e) => ({
      resource: e.resource,
      record_id: e.record_id,
      payload: e.payload,
      occurred_at: e.occurred_at,
    }))
    .sort((a, b) =>
      JSON.stringify([a.resource, a.record_id]) < JSON.stringify([b.resource, b.record_id]) ? -1 : 1,
    );
  const records = connectionOf(store)
    .prepare('SELECT resource, record_id, payload, occurred_at FROM mirror_records')
    .all() as typeof expected;
  records.sort((a, b) =>
    JSON.stringify([a.resource, a.record_id]) < JSON.stringify([b.resource, b.record_id]) ? -1 : 1,
  );
  expect(records).toEqual(expected);
  // Each record's history chain holds every one of its logged events, newest first.
  const seqsOf = new Map<string, number[]>();
  for (const e of connectionOf(store)
    .prepare('SELECT seq, resource, record_id FROM mirror_events ORDER BY seq DESC')
    .all() as { seq: number; resource: string; record_id: string }[]) {
    const id = `${e.resource}/${e.record_id}`;
    seqsOf.set(id, [...(seqsOf.get(id) ?? []), e.seq]);
  }
  const chains = historyChains(store);
  for (const [id, chain] of Object.entries(chains))
    expect({ id, chain }).toEqual({ id, chain: seqsOf.get(id) });
  expect(scenario.sources.length).toBeGreaterThan(0);
};

const options = (scenario: Scenario) => ({
  batchSize: scenario.batchSize,
  batchWaitMs: 1,
  dedupeWindow: scenario.dedupeWindow,
  writer: scenario.writer,
  ordering: {
    maxBuffered: scenario.maxBuffered,
    allowedLatenessMs: scenario.allowedLatenessMs,
    maxDelayMs: scenario.maxDelayMs,
  },
});

/** One run of a scenario over `path`, ending as its plan says; checks the promises after each commit. */
const runOnce = async (
  path: string,
  scenario: Scenario,
  plan: RunPlan,
  keys: ReadonlyMap<string, readonly string[]>,
): Promise<void> => {
  const store = openStore({ path });
  try {
    if (plan.kind === 'crash') {
      const sources = Object.fromEntries(
        scenario.sources.map((s) => [s.id, fromSyncSource(feedSource(s, () => undefined))]),
      );
      let commits = 0;
      await new Promise<void>((resolve, reject) => {
        const subscription = mirrorPipeline({ store, sources, ...options(scenario) }).subscribe({
          next: () => {
            checkPromises(store, scenario, keys);
            commits += 1;
            if (commits >= plan.afterCommits) {
              // The process dies between two transactions: nothing uncommitted survives.
              subscription.unsubscribe();
              resolve();
            }
          },
          error: reject,
          complete: resolve,
        });
        if (plan.afterCommits === 0) {
          subscription.unsubscribe();
          resolve();
        }
      });
      return;
    }
    let pulls = 0;
    let stop = (): void => undefined;
    const onPull = (): void => {
      pulls += 1;
      if (plan.kind === 'stop' && pulls >= plan.afterPulls) stop();
    };
    const sources = Object.fromEntries(
      scenario.sources.map((s) => [s.id, fromSyncSource(feedSource(s, onPull))]),
    );
    const mirror = createMirror({ store, sources, ...options(scenario) });
    stop = () => mirror.stop();
    // applied$ emits each change right after its transaction commits: check what is committed then.
    mirror.applied$.subscribe({ next: () => checkPromises(store, scenario, keys), error: () => undefined });
    await mirror.run();
  } finally {
    store.close();
  }
  const check = openStore({ path });
  try {
    checkPromises(check, scenario, keys);
    const verified = await verifyMirror(check);
    expect({ diverged: verified.diverged, differences: verified.differences }).toEqual({
      diverged: null,
      differences: [],
    });
  } finally {
    check.close();
  }
};

/** Plays a scenario's runs over one database file, then a last complete run, checking everything. */
export const playScenario = async (path: string, scenario: Scenario): Promise<void> => {
  const keys = new Map(scenario.sources.map((s) => [s.id, s.feed.map((d) => keyOf(s.id, d).key)]));
  for (const plan of scenario.runs) await runOnce(path, scenario, plan, keys);
  await runOnce(path, scenario, { kind: 'complete' }, keys);
  const store = openStore({ path });
  try {
    const logged = new Set(
      connectionOf(store).prepare('SELECT delta_key FROM mirror_events').pluck().all() as string[],
    );
    const missing = [...keys.values()].flat().filter((key) => !logged.has(key));
    expect(missing).toEqual([]);
    for (const s of scenario.sources) expect(store.readCursor(s.id, RESOURCE)).toBe(String(s.feed.length));
  } finally {
    store.close();
  }
};
