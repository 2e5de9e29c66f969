import fc from 'fast-check';
import { playScenario, scenarioArb } from '../support/mirrorModel.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** The model test of test/streams, with ten times the scenarios (about a minute on 2 cores). */
const RUNS = Number(process.env.MODEL_RUNS ?? 250);
const seed = Number(process.env.MODEL_SEED ?? Date.now() % 1_000_000);

describe('the mirror against a reference model, at length', () => {
  it(`keeps its four promises over ${RUNS} random scenarios (seed ${seed})`, async () => {
    process.stdout.write(
      `mirror model fault run seed: ${seed} (MODEL_SEED=${seed} to replay), ${RUNS} scenarios\n`,
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (scenario) => {
        await playScenario(tmp.path(`model-${n++}.db`), scenario);
      }),
      { seed, numRuns: RUNS, endOnFailure: true },
    );
  }, 900_000);
});
