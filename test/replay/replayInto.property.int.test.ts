import fc from 'fast-check';
import type { Delta } from '../../src/model/Delta.js';
import { replayInto } from '../../src/replay/replayInto.js';
import { highestConfidence } from '../../src/strategies/highestConfidence.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { del, up } from '../support/deltas.js';
import { events, sync } from '../support/mirrorHarness.js';
import { fullRecords, tombstones } from '../support/mirrorRows.js';

const arbitraryDelta: fc.Arbitrary<Delta> = fc
  .record({
    resource: fc.constantFrom('pets', 'owners'),
    id: fc.constantFrom('1', '2', '3'),
    isDelete: fc.boolean(),
    minute: fc.integer({ min: 0, max: 30 }),
    confidence: fc.constantFrom(0.1, 0.5, 0.9),
    source: fc.constantFrom('a', 'b'),
    payload: fc.dictionary(
      fc.constantFrom('x', 'y', 'z'),
      fc.oneof(fc.integer(), fc.record({ k: fc.integer() })),
    ),
  })
  .map((g) =>
    g.isDelete
      ? del(g.resource, g.id, { source: g.source, minute: g.minute })
      : up(g.resource, g.id, g.payload, { source: g.source, confidence: g.confidence, minute: g.minute }),
  );

describe('replay, for any deltas and batch size', () => {
  it('rebuilds the same records (payload bytes, versions, sync times) and tombstones from the event log alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryDelta, { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        async (deltas, batchSize) => {
          const from = openStore({ path: IN_MEMORY });
          const into = openStore({ path: IN_MEMORY });
          try {
            await sync(
              from,
              { s: deltas },
              { strategy: mergeJson, strategyFor: { owners: highestConfidence }, batchSize },
            );
            await replayInto({ from, into });
            expect(fullRecords(into)).toEqual(fullRecords(from));
            expect(tombstones(into)).toEqual(tombstones(from));
            expect(events(into)).toEqual(events(from));
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
