import fc from 'fast-check';
import { playScenario, scenarioArb } from '../support/mirrorModel.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** How many random scenarios `npm test` plays; `MODEL_RUNS` asks for more (the fault suite plays 10×). */
const RUNS = Number(process.env.MODEL_RUNS ?? 25);
const seed = Number(process.env.MODEL_SEED ?? Date.now() % 1_000_000);

describe('the mirror against a reference model (issue 10), on a real SQLite file', () => {
  it(`keeps its four promises over random sources, pages, timing, stops and crashes (seed ${seed})`, async () => {
    process.stdout.write(
      `mirror model test seed: ${seed} (MODEL_SEED=${seed} to replay), ${RUNS} scenarios\n`,
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (scenario) => {
        await playScenario(tmp.path(`model-${n++}.db`), scenario);
      }),
      { seed, numRuns: RUNS, endOnFailure: true },
    );
  }, 300_000);
});
