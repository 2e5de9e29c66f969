import { benchScript, runChild } from '../childProcess.js';
import { fmt2, fmtInt, median } from '../stats.js';
import type { StepContext } from './context.js';

interface QueryRun {
  readonly name: string;
  readonly view: string;
  readonly raw: string;
  readonly planView: string;
  readonly planRaw: string;
  readonly rounds: readonly { viewMs: number; rawMs: number; ratio: number }[];
}

interface QueryLatencyResult {
  readonly records: number;
  readonly rounds: number;
  readonly samples: number;
  readonly buildSeconds: number;
  readonly queries: readonly QueryRun[];
}

/**
 * `query`: bench/queryLatency.ts in a child process: one database of `--query-records` records over 3
 * resources, then `--query-rounds` rounds, each timing every query through the views and on raw
 * json_extract (`--query-samples` runs each, random ids; the median per round). Reports the median over
 * rounds of each, and of the per-round view/raw ratio.
 */
export const queryStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  console.log(
    `query: ${fmtInt(flags.queryRecords)} records, ${flags.queryRounds} rounds of ${flags.querySamples} runs per query`,
  );
  const r = runChild<QueryLatencyResult>(
    benchScript('queryLatency'),
    [
      String(flags.queryRecords),
      '--rounds',
      String(flags.queryRounds),
      '--samples',
      String(flags.querySamples),
      '--json',
    ],
    'query',
  );
  const rows = r.queries.map((q) => ({
    name: q.name,
    medianViewMs: median(q.rounds.map((x) => x.viewMs)),
    medianRawMs: median(q.rounds.map((x) => x.rawMs)),
    viewOverRaw: { median: median(q.rounds.map((x) => x.ratio)), rounds: q.rounds.map((x) => x.ratio) },
  }));
  console.log(
    '\nquery                                                  view ms    raw ms   view/raw (median of rounds)',
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(52)} ${row.medianViewMs.toFixed(4).padStart(8)}  ${row.medianRawMs.toFixed(4).padStart(8)}   ` +
        `${fmt2(row.viewOverRaw.median)} (${row.viewOverRaw.rounds.map(fmt2).join(', ')})`,
    );
  }
  const file = ctx.writeResult('query', {
    flags: { records: flags.queryRecords, rounds: flags.queryRounds, samples: flags.querySamples },
    result: r,
    summary: { rows },
  });
  console.log(`query: wrote ${file}`);
};
