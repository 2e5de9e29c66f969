import fc from 'fast-check';
import { concat, from, map, tap, timer, VirtualTimeScheduler } from 'rxjs';
import type { DeltaItem, MirrorItem } from '../../src/model/MirrorItem.js';
import { orderByOccurredAt, type OrderByOccurredAtOptions } from '../../src/operators/orderByOccurredAt.js';
import { collectSync } from '../support/collectSync.js';
import { atOf, checkpointItem, rejectItem } from '../support/items.js';
import { compareText, deltaAt as d } from '../support/orderByOccurredAtFixtures.js';

describe('orderByOccurredAt, for any arrivals and window', () => {
  const SOURCES = ['crm', 'erp', 'web'];
  interface Arrival {
    readonly gapMs: number;
    readonly item: MirrorItem;
  }
  let serial = 0;
  const arrival: fc.Arbitrary<Arrival> = fc.record({
    gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 })),
    item: fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .record({ s: fc.constantFrom(...SOURCES), at: fc.integer({ min: 0, max: 5_000 }) })
          .map(({ s, at }): MirrorItem => d(`r${serial++}`, at, s)),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(...SOURCES).map((s): MirrorItem => checkpointItem(s, `c${serial++}`)),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...SOURCES).map((s): MirrorItem => rejectItem(s, `line ${serial++}`)),
      },
    ),
  });
  const options = fc.record({
    allowedLatenessMs: fc.integer({ min: 0, max: 6_000 }),
    maxDelayMs: fc.integer({ min: 0, max: 1_000 }),
    maxBuffered: fc.integer({ min: 1, max: 20 }),
  });

  /** Plays the arrivals in virtual time; records each output with when it was emitted. */
  const play = (arrivals: readonly Arrival[], opts: Omit<OrderByOccurredAtOptions, 'scheduler'>) => {
    const scheduler = new VirtualTimeScheduler();
    const arrivedAt = new Map<MirrorItem, number>();
    const outputs: { item: MirrorItem; at: number }[] = [];
    let bufferedHighWater = 0;
    const countBuffered = (): number =>
      [...arrivedAt.keys()].filter((i) => i.kind !== 'reject').length -
      outputs.filter((o) => o.item.kind !== 'reject').length;
    const source = concat(
      ...arrivals.map(({ gapMs, item }) => timer(gapMs, scheduler).pipe(map(() => item))),
    ).pipe(
      tap((item) => {
        bufferedHighWater = Math.max(bufferedHighWater, countBuffered());
        arrivedAt.set(item, scheduler.now());
      }),
    );
    let completed = false;
    const subscription = source.pipe(orderByOccurredAt({ ...opts, scheduler })).subscribe({
      next: (item) => outputs.push({ item, at: scheduler.now() }),
      complete: () => {
        completed = true;
      },
    });
    scheduler.flush();
    subscription.unsubscribe();
    bufferedHighWater = Math.max(bufferedHighWater, countBuffered());
    return { outputs, arrivedAt, completed, bufferedHighWater };
  };

  const deltasIn = (items: readonly MirrorItem[]): DeltaItem[] =>
    items.filter((i): i is DeltaItem => i.kind === 'delta');

  it('outputs every item exactly once, whatever the window', () => {
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 40 }), options, (arrivals, opts) => {
        const { outputs, completed } = play(arrivals, opts);
        expect(completed).toBe(true);
        const out = outputs.map((o) => o.item);
        expect(new Set(out).size).toBe(out.length);
        expect(new Set(out)).toEqual(new Set(arrivals.map((a) => a.item)));
      }),
    );
  });

  it('emits each checkpoint after every delta of its source that arrived before it', () => {
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 40 }), options, (arrivals, opts) => {
        const out = play(arrivals, opts).outputs.map((o) => o.item);
        arrivals.forEach(({ item }, i) => {
          if (item.kind !== 'checkpoint') return;
          const position = out.indexOf(item);
          for (const earlier of arrivals.slice(0, i)) {
            if (earlier.item.kind === 'delta' && earlier.item.source === item.source) {
              expect(out.indexOf(earlier.item)).toBeLessThan(position);
            }
          }
        });
      }),
    );
  });

  it('holds no delta longer than maxDelayMs and never more than maxBuffered items', () => {
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 40 }), options, (arrivals, opts) => {
        const { outputs, arrivedAt, bufferedHighWater } = play(arrivals, opts);
        for (const { item, at } of outputs) {
          if (item.kind === 'delta') expect(at - arrivedAt.get(item)!).toBeLessThanOrEqual(opts.maxDelayMs);
        }
        expect(bufferedHighWater).toBeLessThanOrEqual(opts.maxBuffered);
      }),
    );
  });

  it('outputs its deltas in occurred_at order, ties in LWW tie-break then arrival order, when the window covers the input', () => {
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 60 }), (arrivals) => {
        const items = arrivals.map((a) => a.item);
        const spread = 5_000;
        const out = collectSync(
          from(items).pipe(
            orderByOccurredAt({
              allowedLatenessMs: spread,
              maxBuffered: Math.max(1, items.length),
              scheduler: new VirtualTimeScheduler(),
            }),
          ),
        );
        const sorted = deltasIn(items)
          .map((item, i) => ({ item, i }))
          .sort(
            (x, y) =>
              atOf(x.item) - atOf(y.item) ||
              compareText(x.item.delta.provenance.source, y.item.delta.provenance.source) ||
              compareText(x.item.key, y.item.key) ||
              x.i - y.i,
          )
          .map(({ item }) => item);
        expect(deltasIn(out)).toEqual(sorted);
        expect(new Set(out)).toEqual(new Set(items));
        expect(out.length).toBe(items.length);
      }),
    );
  });
});
