import fc from 'fast-check';
import type { Delta } from '../../src/model/Delta.js';
import { replayInto } from '../../src/replay/replayInto.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { del, up } from '../support/deltas.js';
import { lowerPrice } from '../support/lowerPrice.js';
import { events, sync } from '../support/mirrorHarness.js';
import { fullRecords, tombstones } from '../support/mirrorRows.js';

describe('replay of a log that names a strategy it was not given, for any such log and batch size', () => {
  it('rebuilds any log of a strategy it does not know exactly, counting every event once', async () => {
    const delta: fc.Arbitrary<Delta> = fc
      .record({
        resource: fc.constantFrom('prices', 'notes'),
        id: fc.constantFrom('1', '2', '3'),
        isDelete: fc.boolean(),
        minute: fc.integer({ min: 0, max: 30 }),
        price: fc.integer({ min: 1, max: 5 }),
        label: fc.constantFrom('a', 'b'),
      })
      .map((g) =>
        g.isDelete
          ? del(g.resource, g.id, { minute: g.minute })
          : up(g.resource, g.id, { price: g.price, label: g.label }, { minute: g.minute }),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(delta, { maxLength: 50 }),
        fc.integer({ min: 1, max: 7 }),
        async (ds, batchSize) => {
          const from = openStore({ path: IN_MEMORY });
          const into = openStore({ path: IN_MEMORY });
          try {
            await sync(from, { s: ds }, { strategyFor: { prices: lowerPrice }, batchSize });
            const result = await replayInto({ from, into, unknownStrategies: 'applyLogged' });
            expect(fullRecords(into)).toEqual(fullRecords(from));
            expect(tombstones(into)).toEqual(tombstones(from));
            expect(events(into)).toEqual(events(from));
            const logged = events(from);
            const ofLowerPrice = logged.filter((e) => e.strategy === 'lower-price').length;
            expect(result.redecided).toBe(logged.length - ofLowerPrice);
            expect(result.takenAsLogged).toEqual(
              ofLowerPrice === 0 ? [] : [{ strategy: 'lower-price', events: ofLowerPrice }],
            );
          } finally {
            from.close();
            into.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
