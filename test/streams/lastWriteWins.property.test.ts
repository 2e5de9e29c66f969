import fc from 'fast-check';
import type { Delta } from '../../src/model/Delta.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { del, up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const arbitraryDelta: fc.Arbitrary<Delta> = fc
  .record({
    id: fc.constantFrom('1', '2'),
    isDelete: fc.boolean(),
    minute: fc.integer({ min: 0, max: 5 }), // few instants: ties are common
    source: fc.constantFrom('a', 'b'),
    value: fc.integer({ min: 0, max: 3 }),
  })
  .map((g) =>
    g.isDelete
      ? del('pets', g.id, { source: g.source, minute: g.minute })
      : up('pets', g.id, { v: g.value }, { source: g.source, minute: g.minute }),
  );

const finalState = async (deltas: readonly Delta[]) => {
  const store = openStore({ path: IN_MEMORY });
  try {
    // maxBuffered 1 turns the reorder window off, so the strategy itself sees every arrival order.
    await sync(store, { s: deltas }, { ordering: { maxBuffered: 1 }, batchSize: 3 });
    return connectionOf(store)
      .prepare('SELECT record_id, payload, source, occurred_at FROM mirror_records ORDER BY record_id')
      .all();
  } finally {
    store.close();
  }
};

describe('last-write-wins through the whole pipeline', () => {
  it('reaches the same records whatever the order the deltas arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(arbitraryDelta, { minLength: 1, maxLength: 12 })
          .chain((deltas) =>
            fc.tuple(
              fc.constant(deltas),
              fc.shuffledSubarray(deltas, { minLength: deltas.length, maxLength: deltas.length }),
            ),
          ),
        async ([inOrder, shuffled]) => {
          expect(await finalState(shuffled)).toEqual(await finalState(inOrder));
        },
      ),
      { numRuns: 100 },
    );
  });
});
