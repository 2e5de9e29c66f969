import {
  concat,
  from,
  NEVER,
  Observable,
  take,
  VirtualTimeScheduler,
  type SchedulerAction,
  type SchedulerLike,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import type { DeltaItem, MirrorItem } from '../../src/model/MirrorItem.js';
import {
  DEFAULT_ALLOWED_LATENESS_MS,
  DEFAULT_MAX_BUFFERED,
  DEFAULT_MAX_DELAY_MS,
  orderByOccurredAt,
  type OrderByOccurredAtOptions,
} from '../../src/operators/orderByOccurredAt.js';
import { collectSync } from '../support/collectSync.js';
import { errorOf } from '../support/errorOf.js';
import { BASE_MS, atOf, checkpointItem, deltaItem, label, rejectItem } from '../support/items.js';
import { compareText, deltaAt as d } from '../support/orderByOccurredAtFixtures.js';

const newScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A window so wide that only the named bound (or completion) releases anything. */
const WIDE = { allowedLatenessMs: 1e9, maxDelayMs: 1e9, maxBuffered: 1e6 } as const;

describe('orderByOccurredAt', () => {
  it('defaults to 1 s of allowed lateness, 10,000 buffered items and 500 ms of delay', () => {
    expect([DEFAULT_ALLOWED_LATENESS_MS, DEFAULT_MAX_BUFFERED, DEFAULT_MAX_DELAY_MS]).toEqual([
      1_000, 10_000, 500,
    ]);
  });

  it.each<[keyof OrderByOccurredAtOptions, number]>([
    ['allowedLatenessMs', -1],
    ['allowedLatenessMs', Number.NaN],
    ['allowedLatenessMs', Number.POSITIVE_INFINITY],
    ['maxDelayMs', -0.5],
    ['maxDelayMs', Number.POSITIVE_INFINITY],
    ['maxBuffered', 0],
    ['maxBuffered', 2.5],
    ['maxBuffered', Number.NaN],
    ['maxFutureMs', -1],
    ['maxFutureMs', Number.NaN],
  ])('refuses %s = %p when the operator is built, naming the option', (option, value) => {
    const build = () => orderByOccurredAt({ [option]: value });
    expect(build).toThrow(InvalidOptionsError);
    expect(errorOf(build)).toMatchObject({ option, value });
  });

  it('accepts zero lateness and zero delay', () => {
    expect(() => orderByOccurredAt({ allowedLatenessMs: 0, maxDelayMs: 0, maxBuffered: 1 })).not.toThrow();
  });

  describe('in virtual time', () => {
    it('emits nothing and stays subscribed for a source that never emits', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold<MirrorItem>('-');
        expectObservable(source.pipe(orderByOccurredAt())).toBe('-');
        expectSubscriptions(source.subscriptions).toBe('^');
      });
    });

    it('completes with an empty source', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold<MirrorItem>('|');
        expectObservable(source.pipe(orderByOccurredAt())).toBe('|');
        expectSubscriptions(source.subscriptions).toBe('(^!)');
      });
    });

    it('holds a single delta until its maxDelayMs has passed', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { a: d('a', 0) };
        const source = cold('a 999ms |', values);
        expectObservable(source.pipe(orderByOccurredAt({ maxDelayMs: 500 }))).toBe('500ms a 499ms |', values);
      });
    });

    it('releases, in order, every delta at or below the watermark as soon as a newer delta raises it', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { a: d('a', 100), b: d('b', 50), c: d('c', 300), e: d('e', 200) };
        const source = cold('a 9ms b 9ms c 9ms e 9ms |', values);
        // lateness 100: c (300) lifts the watermark to 200, releasing b (50) and a (100); e (200) is then
        // at the watermark itself and goes at once; c waits for completion.
        const expected = '   20ms (ba) 6ms e 9ms (c|)';
        expectObservable(source.pipe(orderByOccurredAt({ ...WIDE, allowedLatenessMs: 100 }))).toBe(
          expected,
          values,
        );
      });
    });

    it('does not let a delta far ahead of the wall clock move the watermark: the deltas after it are still ordered', () => {
      const DAY = 24 * 60 * 60 * 1_000;
      newScheduler().run(({ cold, expectObservable }) => {
        const values = {
          f: d('future', 10 * DAY),
          a: d('a', 100),
          b: d('b', 50),
          c: d('c', 300),
          e: d('e', 200),
        };
        const source = cold('f 9ms a 9ms b 9ms c 9ms e 9ms |', values);
        const options = { ...WIDE, allowedLatenessMs: 100, maxFutureMs: DAY, wallClock: () => BASE_MS };
        // As if f were not there (see the test above); f goes last, at completion.
        expectObservable(source.pipe(orderByOccurredAt(options))).toBe('30ms (ba) 6ms e 9ms (cf|)', values);
      });
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { f: d('future', 10 * DAY), a: d('a', 100), b: d('b', 50) };
        const source = cold('f 9ms a 9ms b 9ms |', values);
        const options = { ...WIDE, allowedLatenessMs: 100, maxFutureMs: Infinity, wallClock: () => BASE_MS };
        // With the guard off, f lifts the watermark past everything: arrival order from then on.
        expectObservable(source.pipe(orderByOccurredAt(options))).toBe('10ms a 9ms b 9ms (f|)', values);
      });
    });

    it('holds a fast source’s deltas at the slowest emitting source’s watermark, so the slow one’s are not late', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { s: d('s1', 100, 'slow'), f: d('f1', 5_000, 'fast'), t: d('s2', 200, 'slow') };
        const source = cold('s 9ms f 9ms t 9ms |', values);
        const options = { ...WIDE, allowedLatenessMs: 0, maxDelayMs: 1_000 };
        // f waits for slow to pass 5,000 (or for completion); s2 comes out in order, not after f.
        expectObservable(source.pipe(orderByOccurredAt(options))).toBe('s 19ms t 9ms (f|)', values);
      });
    });

    it('stops letting a source that sent nothing for maxDelayMs hold the watermark back', () => {
      newScheduler().run(({ hot, expectObservable }) => {
        const values = {
          s: d('s1', 100, 'slow'),
          f: d('f1', 5_000, 'fast'),
          g: d('f2', 6_000, 'fast'),
          h: d('f3', 7_000, 'fast'),
        };
        // slow falls silent after s1 at 0; fast goes on at 100, 1,100 and 1,500.
        const source = hot('s 99ms f 999ms g 399ms h', values);
        const options = { ...WIDE, allowedLatenessMs: 1_000, maxDelayMs: 1_000 };
        // While slow counts (until 1,000), its 100 holds the watermark at -900: s and f leave by the time
        // bound (1,000 and 1,100). Then slow is idle and fast alone sets it: h lifts it to 6,000 at 1,500,
        // which releases g there, not at g's own deadline (2,100); h leaves by its deadline.
        expectObservable(source.pipe(orderByOccurredAt(options))).toBe(
          '1000ms s 99ms f 399ms g 999ms h',
          values,
        );
      });
    });

    it('releases a delta after maxDelayMs in virtual time, with the smaller deltas buffered beside it', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const values = { a: d('a', 300), b: d('b', 200), c: d('c', 100) };
        const source = cold('a 9ms b 139ms c 249ms |', values);
        // a's deadline is 100: b (arrived 10) is smaller, so it goes first to keep order; c's deadline is 250.
        const expected = '   100ms (ba) 146ms c 149ms |';
        expectObservable(source.pipe(orderByOccurredAt({ ...WIDE, maxDelayMs: 100 }))).toBe(expected, values);
        expectSubscriptions(source.subscriptions).toBe('^ 399ms !');
      });
    });

    it('measures maxDelayMs on the scheduler it is given', () => {
      const scheduler = new VirtualTimeScheduler();
      const out: string[] = [];
      const subscription = concat(from([d('a', 300), d('b', 200)]), NEVER)
        .pipe(orderByOccurredAt({ ...WIDE, maxDelayMs: 100, scheduler }))
        .subscribe((item) => out.push(label(item)));
      expect(out).toEqual([]);
      scheduler.flush();
      expect(out).toEqual(['d:b@200', 'd:a@300']);
      expect(scheduler.now()).toBe(100);
      subscription.unsubscribe();
    });

    it('releases everything buffered in order when the source completes', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { a: d('a', 300), b: d('b', 200), c: d('c', 100), C: d('C', 100) };
        const source = cold('a b c C |', values);
        expectObservable(source.pipe(orderByOccurredAt(WIDE))).toBe('---- (cCba|)', values);
      });
    });

    it('releases deltas of one instant in last-write-wins tie-break order (provenance source, then key), whatever their arrival order', () => {
      const same = Array.from({ length: 16 }, (_, i) =>
        deltaItem({ recordId: `r${i}`, at: i % 2 === 0 ? 100 : 50, source: i % 3 === 0 ? 'b' : 'a' }),
      );
      const byTieBreak = (x: DeltaItem, y: DeltaItem): number =>
        atOf(x) - atOf(y) ||
        compareText(x.delta.provenance.source, y.delta.provenance.source) ||
        compareText(x.key, y.key);
      const expected = [...same].sort(byTieBreak).map(label);
      for (const arrival of [same, [...same].reverse()]) {
        const out = collectSync(
          from(arrival).pipe(orderByOccurredAt({ ...WIDE, scheduler: new VirtualTimeScheduler() })),
        );
        expect(out.map(label)).toEqual(expected);
      }
    });

    it('keeps copies of one delta in arrival order', () => {
      const first = d('r1', 100);
      const copy = { ...d('r1', 100), source: 'other' };
      const out = collectSync(
        from([first, copy]).pipe(orderByOccurredAt({ ...WIDE, scheduler: new VirtualTimeScheduler() })),
      );
      expect(out[0]).toBe(first);
      expect(out[1]).toBe(copy);
    });

    it('releases a delta later than the window at once, after what it missed, rather than dropping it', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { a: d('a', 1_000), b: d('b', 2_000), l: d('late', 10) };
        const source = cold('a b l |', values);
        expectObservable(source.pipe(orderByOccurredAt({ ...WIDE, allowedLatenessMs: 0 }))).toBe(
          'a b l |',
          values,
        );
      });
    });

    it('releases the smallest deltas early when more than maxBuffered are held', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { a: d('a', 300), b: d('b', 200), c: d('c', 100), e: d('e', 50) };
        const source = cold('a b c e |', values);
        expectObservable(source.pipe(orderByOccurredAt({ ...WIDE, maxBuffered: 2 }))).toBe(
          '--c e (ba|)',
          values,
        );
      });
    });

    it('passes rejects through at once, ahead of buffered deltas', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { a: d('a', 300), x: rejectItem('crm', 'line 2') };
        const source = cold('a x 8ms |', values);
        expectObservable(source.pipe(orderByOccurredAt(WIDE))).toBe('-x 8ms (a|)', values);
      });
    });

    it("holds a checkpoint behind its own source's earlier deltas but not behind another source's", () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = {
          x: d('x', 200, 'crm'),
          p: checkpointItem('crm', 'crm-1'),
          q: checkpointItem('erp', 'erp-1'),
          z: d('z', 300, 'crm'),
        };
        const source = cold('x p q 10ms z 286ms |', values);
        // p waits for x (crm) and goes right after it; q (erp) has nothing of erp to wait for;
        // p does not wait for z, which arrived after it.
        const expected = '   --q 97ms (xp) 9ms z 186ms |';
        expectObservable(source.pipe(orderByOccurredAt({ ...WIDE, maxDelayMs: 100 }))).toBe(expected, values);
      });
    });

    it("keeps a source's checkpoints in arrival order, each behind the deltas that came before it", () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = {
          a: d('a', 300),
          p: checkpointItem('crm', '1'),
          b: d('b', 100),
          q: checkpointItem('crm', '2'),
          r: checkpointItem('crm', '3', 'deals'),
        };
        const source = cold('a p b q r |', values);
        // b (100) goes before a (300); p must still wait for a, and q and r wait for both.
        expectObservable(source.pipe(orderByOccurredAt(WIDE))).toBe('----- (bapqr|)', values);
      });
    });

    it('forwards a source error and discards what it buffered', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const values = { a: d('a', 300), b: d('b', 200), p: checkpointItem('crm', '1') };
        const source = cold('a b p #', values, new Error('source down'));
        expectObservable(source.pipe(orderByOccurredAt(WIDE))).toBe(
          '--- #',
          values,
          new Error('source down'),
        );
        expectSubscriptions(source.subscriptions).toBe('^ - - !');
      });
    });

    it('keeps ordering a never-ending source by watermark, and by maxDelayMs once it falls silent', () => {
      newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
        const values = { a: d('a', 20), b: d('b', 10), c: d('c', 40), e: d('e', 30), f: d('f', 60) };
        const source = hot('-a-b-c-e-f-', values);
        const options = { ...WIDE, allowedLatenessMs: 15, maxDelayMs: 100 };
        // f (60) lifts the watermark to 45 and waits; its deadline is 9 + 100.
        expectObservable(source.pipe(orderByOccurredAt(options))).toBe('-----(ba)(ec) 96ms f', values);
        expectSubscriptions(source.subscriptions).toBe('^');
      });
    });

    it('keeps a separate buffer per subscription, also while they overlap', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const values = { a: d('a', 300), b: d('b', 200) };
        const ordered = cold('a b |', values).pipe(orderByOccurredAt(WIDE));
        expectObservable(ordered).toBe('--(ba|)', values);
        expectObservable(ordered, '-^').toBe('---(ba|)', values);
      });
    });

    it('unsubscribes from the source and cancels its scheduled flush when unsubscribed early', () => {
      const fired: number[] = [];
      const testScheduler = newScheduler();
      /** The test scheduler, recording when the operator's scheduled actions run. */
      const recording: SchedulerLike = {
        now: () => testScheduler.now(),
        schedule: <S>(work: (this: SchedulerAction<S>, state?: S) => void, delay?: number, state?: S) =>
          testScheduler.schedule(
            function (this: SchedulerAction<S>, s?: S) {
              fired.push(testScheduler.now());
              work.call(this, s);
            },
            delay,
            state,
          ),
      };
      testScheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
        const values = { a: d('a', 300), b: d('b', 200) };
        const source = hot('-a-b-------|', values);
        const unsub = '     ------!';
        const ordered = source.pipe(orderByOccurredAt({ ...WIDE, maxDelayMs: 8, scheduler: recording }));
        expectObservable(ordered, unsub).toBe('-------', values);
        expectSubscriptions(source.subscriptions).toBe('^-----!');
      });
      expect(fired).toEqual([]);
    });

    it('stops a synchronous source when a downstream take has what it needs', () => {
      const produced: number[] = [];
      const source = new Observable<MirrorItem>((subscriber) => {
        for (let i = 0; i < 10 && !subscriber.closed; i++) {
          produced.push(i);
          subscriber.next(d(`r${i}`, i * 10));
        }
        subscriber.complete();
      });
      const scheduler = new VirtualTimeScheduler();
      const out = collectSync(source.pipe(orderByOccurredAt({ allowedLatenessMs: 0, scheduler }), take(3)));
      expect(out.map(label)).toEqual(['d:r0@0', 'd:r1@10', 'd:r2@20']);
      expect(produced).toEqual([0, 1, 2]);
    });
  });
});
