import { Subject, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { batchByCountOrTime } from '../../src/operators/batchByCountOrTime.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('batchByCountOrTime', () => {
  it('emits a batch when it is full, and the rest on completion', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('abcde|');
      expectObservable(source.pipe(batchByCountOrTime(2, 100))).toBe('-x-y-(z|)', {
        x: ['a', 'b'],
        y: ['c', 'd'],
        z: ['e'],
      });
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('emits a partial batch maxWait after its first value', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b 10ms c 20ms |');
      expectObservable(source.pipe(batchByCountOrTime(10, 5))).toBe('5ms x 12ms y 15ms |', {
        x: ['a', 'b'],
        y: ['c'],
      });
    });
  });

  it('never emits empty batches, for never and empty sources', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-').pipe(batchByCountOrTime(2, 5))).toBe('-');
      expectObservable(cold('|').pipe(batchByCountOrTime(2, 5))).toBe('|');
    });
  });

  it('forwards errors and drops the partial batch', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a#').pipe(batchByCountOrTime(2, 5))).toBe('-#');
    });
  });

  it('stops its timer and source on early unsubscribe', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('a--b--c--|');
      expectObservable(source.pipe(batchByCountOrTime(10, 5)), '^--!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('keeps a value that arrives re-entrantly while a full batch is handed on', () => {
    const input = new Subject<number>();
    const seen: number[][] = [];
    input.pipe(batchByCountOrTime(2, 1_000)).subscribe((batch) => {
      seen.push(batch);
      if (batch[0] === 1) input.next(3); // e.g. a subscriber that makes a source emit
    });
    input.next(1);
    input.next(2);
    input.complete();
    expect(seen).toEqual([[1, 2], [3]]);
  });

  it('lets take stop it', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('abcdef|').pipe(batchByCountOrTime(2, 5), take(1))).toBe('-(x|)', {
        x: ['a', 'b'],
      });
    });
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => batchByCountOrTime(0, 5)).toThrow('batchSize: expected a positive integer');
  });
});
