/**
 * `npm run bench`: the ingest benchmark (issue 2).
 *
 * Runs, in rounds, each variant in its own child process into a fresh WAL database in a temp dir:
 * the pipeline (A), the plain better-sqlite3 loop (B), and — over fewer deltas — the one
 * transaction-per-delta apply of the original design (C): A B C, A B C, … C is timed in the middle of
 * the same stream (the deltas before are written first by the plain loop, untimed), so it meets a
 * database of the size the others meet on average. Prints each run, then the medians, the median of
 * the per-round ratios, and the peak RSS of each variant. Checks that the pipeline and the plain loop
 * wrote the same event and record rows.
 *
 * Flags (all optional):
 *   --rounds N            rounds of A B (C) (default 3)
 *   --deltas N            deltas for the pipeline and the plain loop (default 1000000)
 *   --records N           distinct record ids (default 100000)
 *   --per-delta-deltas N  deltas for the per-delta-transaction run; 0 skips it (default 20000)
 *   --per-delta-at N      deltas written (untimed, plain loop) before the per-delta run; 0 for a fresh
 *                         database (default: (deltas - per-delta-deltas) / 2, the middle of the stream)
 *   --seed N              PRNG seed of the generated deltas (default 20240501)
 *   --jitter-ms N         ± jitter of occurred_at (default 200)
 *   --dir PATH            where the temp databases go (default the OS temp dir)
 *   --keep                keep the databases
 *   --json PATH           also write every result and the summary as JSON
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_STREAM } from './generateDeltas.js';
import { RESULT_PREFIX, type Variant, type VariantJob, type VariantResult } from './variantResult.js';

interface Flags {
  rounds: number;
  deltas: number;
  records: number;
  perDeltaDeltas: number;
  perDeltaAt: number | undefined;
  seed: number;
  jitterMs: number;
  dir: string;
  keep: boolean;
  json: string | undefined;
}

const USAGE =
  'usage: npm run bench -- [--rounds N] [--deltas N] [--records N] [--per-delta-deltas N] [--per-delta-at N] [--seed N] [--jitter-ms N] [--dir PATH] [--keep] [--json PATH]';

const parseFlags = (argv: readonly string[]): Flags => {
  const flags: Flags = {
    rounds: 3,
    deltas: 1_000_000,
    records: DEFAULT_STREAM.records,
    perDeltaDeltas: 20_000,
    perDeltaAt: undefined,
    seed: DEFAULT_STREAM.seed,
    jitterMs: DEFAULT_STREAM.jitterMs,
    dir: tmpdir(),
    keep: false,
    json: undefined,
  };
  const integer = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`${name}: expected an integer ≥ ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--rounds':
      case '--pairs':
        flags.rounds = integer(flag, value(), 1);
        break;
      case '--deltas':
        flags.deltas = integer(flag, value(), 1);
        break;
      case '--records':
        flags.records = integer(flag, value(), 1);
        break;
      case '--per-delta-deltas':
        flags.perDeltaDeltas = integer(flag, value(), 0);
        break;
      case '--per-delta-at':
        flags.perDeltaAt = integer(flag, value(), 0);
        break;
      case '--seed':
        flags.seed = integer(flag, value(), 0);
        break;
      case '--jitter-ms':
        flags.jitterMs = integer(flag, value(), 0);
        break;
      case '--dir':
        flags.dir = value();
        break;
      case '--keep':
        flags.keep = true;
        break;
      case '--json':
        flags.json = value();
        break;
      default:
        throw new Error(`unknown flag ${String(flag)}\n${USAGE}`);
    }
  }
  return flags;
};

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'runVariant.js');

const runChild = (job: VariantJob): VariantResult => {
  const child = spawnSync(process.execPath, [CHILD, JSON.stringify(job)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 2 ** 20,
  });
  if (child.status !== 0) {
    throw new Error(
      `${job.variant} child failed (status ${String(child.status)}, signal ${String(child.signal)})`,
    );
  }
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new Error(`${job.variant} child printed no result:\n${child.stdout}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as VariantResult;
};

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const fmtRate = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmt2 = (n: number): string => n.toFixed(2);

const main = (): void => {
  const flags = parseFlags(process.argv.slice(2));
  const perDeltaAt = flags.perDeltaAt ?? Math.max(0, Math.floor((flags.deltas - flags.perDeltaDeltas) / 2));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `ingest benchmark: ${flags.deltas.toLocaleString('en-US')} deltas over ${flags.records.toLocaleString('en-US')} records, ` +
      `${flags.rounds} rounds, per-delta-txn ${flags.perDeltaDeltas.toLocaleString('en-US')} deltas ` +
      `after ${perDeltaAt.toLocaleString('en-US')}; ` +
      `seed ${flags.seed}, jitter ±${flags.jitterMs} ms`,
  );
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpu}), databases in ${flags.dir}\n`);

  const results: VariantResult[] = [];
  const byRound: Partial<Record<Variant, VariantResult>>[] = [];
  const run = (round: number, variant: Variant, deltas: number, prefill = 0): VariantResult => {
    const dir = mkdtempSync(join(flags.dir, `oxide-mirror-bench-${variant}-`));
    try {
      const job: VariantJob = {
        variant,
        dbPath: join(dir, 'mirror.db'),
        deltas,
        prefill,
        records: flags.records,
        seed: flags.seed,
        jitterMs: flags.jitterMs,
      };
      const r = runChild(job);
      console.log(
        `round ${round + 1}  ${variant.padEnd(11)} ${fmtRate(r.deltasPerSecond).padStart(9)} deltas/s  ` +
          `${r.seconds.toFixed(2).padStart(7)} s  cpu ${r.cpuUserSeconds.toFixed(1)}+${r.cpuSystemSeconds.toFixed(1)} s  ` +
          `peak RSS ${r.peakRssMiB.toFixed(0).padStart(4)} MiB  ` +
          `db ${r.dbMiB.toFixed(0)} MiB  events ${r.events}  records ${r.records}  ` +
          (r.prefill > 0 ? `(timed after ${r.prefill} untimed)  ` : '') +
          `digest ${r.eventsDigest}/${r.recordsDigest}`,
      );
      results.push(r);
      return r;
    } finally {
      if (!flags.keep) rmSync(dir, { recursive: true, force: true });
    }
  };

  for (let round = 0; round < flags.rounds; round++) {
    const row: Partial<Record<Variant, VariantResult>> = {};
    row.pipeline = run(round, 'pipeline', flags.deltas);
    row.plain = run(round, 'plain', flags.deltas);
    if (flags.perDeltaDeltas > 0)
      row.perDeltaTxn = run(round, 'perDeltaTxn', flags.perDeltaDeltas, perDeltaAt);
    byRound.push(row);
  }

  // The pipeline and the plain loop must have written the same rows (seq and commit times aside).
  const problems: string[] = [];
  const [reference] = results;
  for (const r of results) {
    const expected = r.variant === 'perDeltaTxn' ? flags.perDeltaDeltas : flags.deltas;
    if (r.written !== expected || r.events !== r.prefill + expected)
      problems.push(`${r.variant}: wrote ${r.written} deltas, ${r.events} events; expected ${expected}`);
    if (r.variant !== 'perDeltaTxn' && reference !== undefined) {
      if (r.eventsDigest !== reference.eventsDigest || r.recordsDigest !== reference.recordsDigest)
        problems.push(`${r.variant}: rows differ from round 1's pipeline run`);
    }
  }

  const of = (v: Variant): VariantResult[] => results.filter((r) => r.variant === v);
  const rate = (v: Variant): number => median(of(v).map((r) => r.deltasPerSecond));
  const rss = (v: Variant): number => Math.max(...of(v).map((r) => r.peakRssMiB));
  const pairRatios = byRound.map(
    (r) => (r.pipeline?.deltasPerSecond ?? NaN) / (r.plain?.deltasPerSecond ?? NaN),
  );
  const pipelinePlain = median(pairRatios);
  const hasPerDelta = flags.perDeltaDeltas > 0;
  const perDeltaRatios = byRound.map(
    (r) => (r.pipeline?.deltasPerSecond ?? NaN) / (r.perDeltaTxn?.deltasPerSecond ?? NaN),
  );
  const pipelinePerDelta = hasPerDelta ? median(perDeltaRatios) : NaN;

  const cpuMicros = (v: Variant): number =>
    median(of(v).map((r) => ((r.cpuUserSeconds + r.cpuSystemSeconds) * 1e6) / r.deltas));
  console.log(
    '\nvariant        deltas      median deltas/s   runs (deltas/s)                       max peak RSS   median CPU µs/delta',
  );
  for (const v of ['pipeline', 'plain', ...(hasPerDelta ? ['perDeltaTxn' as const] : [])] as const) {
    const runs = of(v);
    console.log(
      `${v.padEnd(14)} ${String(runs[0]?.deltas ?? 0).padStart(8)}   ${fmtRate(rate(v)).padStart(15)}   ` +
        `${runs
          .map((r) => fmtRate(r.deltasPerSecond))
          .join(', ')
          .padEnd(37)} ${rss(v).toFixed(0).padStart(6)} MiB   ${cpuMicros(v).toFixed(1).padStart(8)}`,
    );
  }
  console.log(
    `\npipeline / plain:        median of per-round ratios ${fmt2(pipelinePlain)}  (rounds: ${pairRatios.map(fmt2).join(', ')})  target ≥ 0.80  ${pipelinePlain >= 0.8 ? 'MET' : 'MISSED'}`,
  );
  if (hasPerDelta) {
    console.log(
      `pipeline / per-delta txn: median of per-round ratios ${fmt2(pipelinePerDelta)}  (rounds: ${perDeltaRatios.map(fmt2).join(', ')})  target ≥ 5  ${pipelinePerDelta >= 5 ? 'MET' : 'MISSED'}`,
    );
  }
  const worstRss = Math.max(...results.map((r) => r.peakRssMiB));
  console.log(
    `peak RSS (worst child):   ${worstRss.toFixed(0)} MiB  target < 300  ${worstRss < 300 ? 'MET' : 'MISSED'}`,
  );
  console.log(
    problems.length === 0 ? 'rows: pipeline and plain loop wrote identical events and records' : '',
  );

  if (flags.json !== undefined) {
    writeFileSync(
      flags.json,
      `${JSON.stringify(
        {
          flags: { ...flags, perDeltaAt },
          node: process.version,
          cpu,
          cpus: cpus().length,
          results,
          summary: {
            medianDeltasPerSecond: {
              pipeline: rate('pipeline'),
              plain: rate('plain'),
              perDeltaTxn: hasPerDelta ? rate('perDeltaTxn') : null,
            },
            pipelineOverPlain: { median: pipelinePlain, rounds: pairRatios },
            pipelineOverPerDeltaTxn: hasPerDelta
              ? { median: pipelinePerDelta, rounds: perDeltaRatios }
              : null,
            medianCpuMicrosPerDelta: {
              pipeline: cpuMicros('pipeline'),
              plain: cpuMicros('plain'),
              perDeltaTxn: hasPerDelta ? cpuMicros('perDeltaTxn') : null,
            },
            maxPeakRssMiB: {
              pipeline: rss('pipeline'),
              plain: rss('plain'),
              perDeltaTxn: hasPerDelta ? rss('perDeltaTxn') : null,
            },
            problems,
          },
        },
        null,
        2,
      )}\n`,
    );
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`PROBLEM: ${p}`);
    process.exitCode = 1;
  }
};

main();
