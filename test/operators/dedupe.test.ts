import { from, Observable, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import type { DeltaKey } from '../../src/model/deltaKey.js';
import type { DeltaItem, MirrorItem } from '../../src/model/MirrorItem.js';
import { DEFAULT_DEDUPE_WINDOW, dedupe } from '../../src/operators/dedupe.js';
import { collectSync } from '../support/collectSync.js';
import { errorOf } from '../support/errorOf.js';
import { checkpointItem, deltaItem, rejectItem } from '../support/items.js';

const a = deltaItem({ recordId: 'a' });
const b = deltaItem({ recordId: 'b' });
const c = deltaItem({ recordId: 'c' });
/** The same change as `a`, delivered again as a different object (a re-fetched page). */
const A = deltaItem({ recordId: 'a' });
const B = deltaItem({ recordId: 'b' });
const k = checkpointItem('crm', 'page-2');
const x = rejectItem('crm', 'line 3');
const values = { a, b, c, A, B, k, x };

const newScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('dedupe', () => {
  it('defaults to a window of 100,000 keys', () => {
    expect(DEFAULT_DEDUPE_WINDOW).toBe(100_000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses windowSize %p when the operator is built',
    (windowSize) => {
      const build = () => dedupe({ windowSize });
      expect(build).toThrow(InvalidOptionsError);
      expect(errorOf(build)).toMatchObject({ option: 'windowSize', value: windowSize });
    },
  );

  it('emits nothing and stays subscribed for a source that never emits', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<MirrorItem>('-');
      expectObservable(source.pipe(dedupe())).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('completes with an empty source', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<MirrorItem>('|');
      expectObservable(source.pipe(dedupe())).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('passes a single delta through', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a|', values).pipe(dedupe())).toBe('-a|', values);
    });
  });

  it('drops a delta whose key was already seen, however it is delivered, and reports it', () => {
    const duplicates: DeltaItem[] = [];
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a b A c B a |', values);
      const expected = '   a b - c - - |';
      expectObservable(source.pipe(dedupe({ onDuplicate: (item) => duplicates.push(item) }))).toBe(
        expected,
        values,
      );
      expectSubscriptions(source.subscriptions).toBe('^ - - - - - !');
    });
    expect(duplicates).toEqual([A, B, a]);
    expect(duplicates[0]).toBe(A);
  });

  it('passes a copy from another source on (its first copy may be in flight), and drops its repeats from either', () => {
    const fromOther = { ...deltaItem({ recordId: 'a' }), source: 'erp' };
    const copies = { ...values, o: fromOther };
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a o A o |', copies);
      const expected = '   a o - o |';
      expectObservable(source.pipe(dedupe())).toBe(expected, copies);
    });
  });

  it('drops a copy from any source once the persisted check found the key stored', () => {
    const fromOther = { ...deltaItem({ recordId: 'a' }), source: 'erp' };
    const out = collectSync(from([a, fromOther]).pipe(dedupe({ isKnown: () => true })));
    expect(out).toEqual([]);
  });

  it('passes checkpoints and rejects through untouched and in order, repeated or not', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('k a x k A x |', values);
      const expected = '   k a x k - x |';
      expectObservable(source.pipe(dedupe())).toBe(expected, values);
    });
    expect(collectSync(from([k, x, k]).pipe(dedupe()))[0]).toBe(k);
  });

  it('forwards a source error and unsubscribes', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a A #', values, new Error('source down'));
      expectObservable(source.pipe(dedupe())).toBe('a - #', values, new Error('source down'));
      expectSubscriptions(source.subscriptions).toBe('^ - !');
    });
  });

  it('keeps deduplicating a never-ending source', () => {
    newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-a-b-A-c-B-a-', values);
      expectObservable(source.pipe(dedupe())).toBe('-a-b---c-----', values);
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('unsubscribes from the source when the subscriber unsubscribes early', () => {
    newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-a-b-c-A-|', values);
      const unsub = '     ----!';
      expectObservable(source.pipe(dedupe()), unsub).toBe('-a-b', values);
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('stops a synchronous source when a downstream take has what it needs', () => {
    const produced: number[] = [];
    const source = new Observable<MirrorItem>((subscriber) => {
      for (let i = 0; i < 10 && !subscriber.closed; i++) {
        produced.push(i);
        subscriber.next(deltaItem({ recordId: `r${i % 2}` }));
      }
      subscriber.complete();
    });
    const out = collectSync(source.pipe(dedupe(), take(2)));
    expect(out.map((item) => (item.kind === 'delta' ? item.delta.record_id : item.kind))).toEqual([
      'r0',
      'r1',
    ]);
    expect(produced).toEqual([0, 1]);
  });

  it('forgets the key that entered the window first once windowSize distinct keys follow it', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      // window 2: a, b; A is a duplicate and does not refresh a; c evicts a; A passes again; b evicted by A.
      const source = cold('a b A c A B |', values);
      const expected = '   a b - c A B |';
      expectObservable(source.pipe(dedupe({ windowSize: 2 }))).toBe(expected, values);
    });
  });

  it('drops a delta the persisted check knows, and asks it only about keys not in the window', () => {
    const asked: DeltaKey[] = [];
    const duplicates: DeltaItem[] = [];
    const out = collectSync(
      from([a, b, A, c, B]).pipe(
        dedupe({
          isKnown: ({ key }) => {
            asked.push(key);
            return key === b.key;
          },
          onDuplicate: (item) => duplicates.push(item),
        }),
      ),
    );
    expect(out).toEqual([a, c]);
    expect(asked).toEqual([a.key, b.key, c.key]);
    expect(duplicates).toEqual([b, A, B]);
  });

  it('errors with what the persisted check throws, and unsubscribes from the source', () => {
    const failure = new Error('event log unavailable');
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a b c |', values);
      const isKnown = ({ key }: DeltaItem): boolean => {
        if (key === b.key) throw failure;
        return false;
      };
      expectObservable(source.pipe(dedupe({ isKnown }))).toBe('a #', values, failure);
      expectSubscriptions(source.subscriptions).toBe('^ !');
    });
  });

  it('errors with what onDuplicate throws, and unsubscribes from the source', () => {
    const failure = new Error('metrics down');
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a b A c |', values);
      const onDuplicate = (): void => {
        throw failure;
      };
      expectObservable(source.pipe(dedupe({ onDuplicate }))).toBe('a b #', values, failure);
      expectSubscriptions(source.subscriptions).toBe('^ - !');
    });
  });

  it('keeps a separate window per subscription, also while they overlap', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const deduped = cold('a b A |', values).pipe(dedupe());
      expectObservable(deduped).toBe('a b - |', values);
      expectObservable(deduped, '--^').toBe('--a b - |', values);
    });
    const once = from([a, b, A]).pipe(dedupe());
    expect(collectSync(once)).toEqual([a, b]);
    expect(collectSync(once)).toEqual([a, b]);
  });
});
