/**
 * `npm run bench`: the benchmark suite (issue 5). Runs these steps, in this order (`--only` picks some):
 *
 *   ingest      two workloads (`--workloads`: updates = scattered updates, first-sync = new records in
 *               id order), each: the full pipeline vs the plain better-sqlite3 loop of issue 2 on schema 4
 *               vs the lean loop (the same job per delta as the pipeline, by hand, latest schema) vs one
 *               transaction per delta (the original design); rounds alternate the variants; medians,
 *               per-round ratios pipeline/lean, pipeline/plain, lean/plain; pipeline, plain and lean
 *               must write identical rows; chart ingest-workloads.svg
 *   replay      replayInto (rebuild a mirror from an event log) vs ingest of the same stream, per round
 *   query       query latency through the views vs raw json_extract, 1M records
 *   http        sync through the real HTTP source from a local server (with and without added latency)
 *   batch-size  pipeline throughput and peak RSS against batchSize (the throughput chart)
 *   memory      10M deltas through createMirror with defaults: RSS over time and peak (the RSS chart)
 *   fleet       over NATS JetStream (issue 14): a replica syncing a published stream vs ingest of the
 *               same deltas from a file (apply rate, per round); commit-to-commit lag from a publishing
 *               mirror to a live replica at a steady rate (p50, p90, p99, max)
 *
 * Every measured run is a child process of its own (fresh database in a temp dir, its own maxRSS).
 * Each step writes bench/results/<step>.json (command, machine, flags, every run, summary); the charts
 * (bench/results/*.svg) are drawn from those files. `--help` lists the flags; BENCHMARKS.md has the
 * results. With the defaults the suite took about 40 minutes on 2 cores, 21 of them the memory step and 10
 * the ingest step; since issue 12 the ingest step runs two workloads and one more variant, so expect it to
 * take about twice as long (not measured yet).
 */
import { writeCharts } from './charts.js';
import { parseFlags, type Step } from './flags.js';
import { describeMachine } from './machine.js';
import { createContext, type StepContext } from './steps/context.js';
import { batchSizeStep } from './steps/batchSizeStep.js';
import { fleetStep } from './steps/fleetStep.js';
import { httpStep } from './steps/httpStep.js';
import { ingestStep } from './steps/ingestStep.js';
import { memoryStep } from './steps/memoryStep.js';
import { queryStep } from './steps/queryStep.js';
import { replayStep } from './steps/replayStep.js';

const RUN: Record<Step, (ctx: StepContext) => void> = {
  ingest: ingestStep,
  replay: replayStep,
  query: queryStep,
  http: httpStep,
  'batch-size': batchSizeStep,
  memory: memoryStep,
  fleet: fleetStep,
};

const main = (): void => {
  const argv = process.argv.slice(2);
  const flags = parseFlags(argv);
  const machine = describeMachine();
  const args = argv.length > 0 ? ` ${argv.join(' ')}` : '';
  const command =
    process.env.npm_lifecycle_event === 'bench'
      ? `npm run bench${args.length > 0 ? ` --${args}` : ''}`
      : `node dist-bench/bench/main.js${args}`;
  console.log(`oxide-mirror benchmark suite: ${flags.only.join(', ')}`);
  console.log(
    `node ${machine.node}, ${machine.cpus} CPUs (${machine.cpu}), ${machine.memoryGiB} GiB, Linux ${machine.linux}, ` +
      `SQLite ${machine.sqlite}, better-sqlite3 ${machine.betterSqlite3}; databases in ${flags.dir}; results in ${flags.results}`,
  );
  const ctx = createContext(flags, machine, command);
  const failed: string[] = [];
  const suiteStart = Date.now();
  for (const step of flags.only) {
    const t0 = Date.now();
    console.log(`\n=== ${step} ===`);
    try {
      RUN[step](ctx);
    } catch (err) {
      console.error(`${step} FAILED: ${err instanceof Error ? err.message : String(err)}`);
      failed.push(step);
    }
    console.log(`=== ${step}: ${((Date.now() - t0) / 60_000).toFixed(1)} min ===`);
  }
  for (const file of writeCharts(flags.results)) console.log(`chart: ${file}`);
  console.log(`\nsuite: ${((Date.now() - suiteStart) / 60_000).toFixed(1)} min`);
  if (failed.length > 0) {
    console.error(`failed steps: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
};

main();
