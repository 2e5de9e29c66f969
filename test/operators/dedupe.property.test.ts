import fc from 'fast-check';
import { from } from 'rxjs';
import type { DeltaKey } from '../../src/model/deltaKey.js';
import type { MirrorItem } from '../../src/model/MirrorItem.js';
import { dedupe } from '../../src/operators/dedupe.js';
import { collectSync } from '../support/collectSync.js';
import { checkpointItem, deltaItem } from '../support/items.js';

describe('dedupe, for any stream of repeated deltas and window', () => {
  const pool = fc.uniqueArray(
    fc.record({
      recordId: fc.string({ minLength: 1, maxLength: 4 }),
      at: fc.integer({ min: 0, max: 5_000 }),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { minLength: 1, maxLength: 8, selector: (s) => `${s.recordId}@${s.at}@${s.confidence}` },
  );
  /** Streams that repeat deltas (as fresh objects with equal keys), with checkpoints between them. */
  const streams = pool.chain((specs) =>
    fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: specs.length - 1 }).map((i) => deltaItem(specs[i])),
        fc.nat(3).map((n): MirrorItem => checkpointItem('crm', `c${n}`)),
      ),
      { maxLength: 40 },
    ),
  );

  it('is idempotent: deduplicating twice gives what deduplicating once gives, for any window', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 10 }), (items, windowSize) => {
        const once = collectSync(from(items).pipe(dedupe({ windowSize })));
        const twice = collectSync(from(items).pipe(dedupe({ windowSize }), dedupe({ windowSize })));
        expect(twice).toEqual(once);
      }),
    );
  });

  it('keeps exactly the first occurrence of each key, in order, when the window holds the whole input', () => {
    fc.assert(
      fc.property(streams, (items) => {
        const out = collectSync(from(items).pipe(dedupe({ windowSize: Math.max(1, items.length) })));
        const seen = new Set<DeltaKey>();
        const firsts = items.filter((item) => {
          if (item.kind !== 'delta') return true;
          if (seen.has(item.key)) return false;
          seen.add(item.key);
          return true;
        });
        expect(out).toEqual(firsts);
        const keys = out.flatMap((item) => (item.kind === 'delta' ? [item.key] : []));
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it('never drops the first occurrence of a key, whatever the window', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 10 }), (items, windowSize) => {
        const out = new Set(collectSync(from(items).pipe(dedupe({ windowSize }))));
        const seen = new Set<DeltaKey>();
        for (const item of items) {
          if (item.kind !== 'delta' || !seen.has(item.key)) expect(out.has(item)).toBe(true);
          if (item.kind === 'delta') seen.add(item.key);
        }
      }),
    );
  });
});
