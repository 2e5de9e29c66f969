import { Observable, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { DeltaItem, MirrorItem } from '../../src/model/MirrorItem.js';
import { clampConfidence } from '../../src/operators/clampConfidence.js';
import { collectSync } from '../support/collectSync.js';
import { clampOne, inRange, withConfidence } from '../support/clampConfidenceFixtures.js';
import { checkpointItem, deltaItem, rejectItem } from '../support/items.js';

const tooHigh = deltaItem({ recordId: 'high', confidence: 1.7 });
const tooLow = deltaItem({ recordId: 'low', confidence: -0.2 });
const k = checkpointItem('crm', 'page-2');
const x = rejectItem('crm', 'line 3');

const newScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('clampConfidence', () => {
  it('clamps a confidence above 1 to 1 and below 0 to 0, in new objects', () => {
    const frozenHigh = structuredClone(tooHigh);
    const high = clampOne(tooHigh) as DeltaItem;
    const low = clampOne(tooLow) as DeltaItem;
    expect(high.delta.provenance.confidence).toBe(1);
    expect(low.delta.provenance.confidence).toBe(0);
    expect(high).toEqual(withConfidence(tooHigh, 1));
    expect(low).toEqual(withConfidence(tooLow, 0));
    expect(tooHigh).toEqual(frozenHigh);
    expect(high.delta.provenance).not.toBe(tooHigh.delta.provenance);
  });

  it('keeps the key the source delivered, so a clamped re-delivery is still a duplicate', () => {
    expect((clampOne(tooHigh) as DeltaItem).key).toBe(tooHigh.key);
  });

  it.each([0, 0.5, 1, -0])('passes a delta with confidence %p through as the same object', (confidence) => {
    const item = withConfidence(inRange, confidence);
    expect(clampOne(item)).toBe(item);
  });

  it('passes checkpoints and rejects through as the same objects', () => {
    expect(clampOne(k)).toBe(k);
    expect(clampOne(x)).toBe(x);
  });

  describe('as a stream', () => {
    const values = {
      i: inRange,
      h: tooHigh,
      H: withConfidence(tooHigh, 1),
      l: tooLow,
      L: withConfidence(tooLow, 0),
      k,
      x,
    };

    it('emits nothing and stays subscribed for a source that never emits', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold<MirrorItem>('-');
        expectObservable(source.pipe(clampConfidence())).toBe('-');
        expectSubscriptions(source.subscriptions).toBe('^');
      });
    });

    it('completes with an empty source', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold<MirrorItem>('|');
        expectObservable(source.pipe(clampConfidence())).toBe('|');
        expectSubscriptions(source.subscriptions).toBe('(^!)');
      });
    });

    it('clamps each delta of a stream in place and order, and leaves other items alone', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        const source = cold('i h k l x |', values);
        const expected = '   i H k L x |';
        expectObservable(source.pipe(clampConfidence())).toBe(expected, values);
      });
    });

    it('forwards a source error', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('h #', values);
        expectObservable(source.pipe(clampConfidence())).toBe('H #', values);
        expectSubscriptions(source.subscriptions).toBe('^ !');
      });
    });

    it('keeps clamping a never-ending source, and unsubscribes when the subscriber does', () => {
      newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('-h-l-i-h-', values);
        const unsub = '     -----!';
        expectObservable(source.pipe(clampConfidence()), unsub).toBe('-H-L-', values);
        expectSubscriptions(source.subscriptions).toBe('^----!');
      });
    });

    it('stops a synchronous source when a downstream take has what it needs', () => {
      let produced = 0;
      const source = new Observable<MirrorItem>((subscriber) => {
        for (let i = 0; i < 10 && !subscriber.closed; i++) {
          produced++;
          subscriber.next(tooHigh);
        }
        subscriber.complete();
      });
      expect(collectSync(source.pipe(clampConfidence(), take(3)))).toEqual([values.H, values.H, values.H]);
      expect(produced).toBe(3);
    });
  });
});
