import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchScript, runChild } from '../childProcess.js';
import { fmt2, fmtInt, median, RSS_LIMIT_MIB } from '../stats.js';
import type { Variant, VariantJob, VariantResult } from '../variantResult.js';
import type { StepContext } from './context.js';

/** Runs one variant in its own child process into a fresh database (removed afterwards unless --keep). */
export const runVariant = (
  ctx: StepContext,
  job: Omit<VariantJob, 'dbPath' | 'records' | 'seed' | 'jitterMs'>,
): VariantResult => {
  const dir = ctx.tempDir(job.variant);
  try {
    return runChild<VariantResult>(
      benchScript('runVariant'),
      [
        JSON.stringify({
          ...job,
          dbPath: join(dir.path, 'mirror.db'),
          records: ctx.flags.records,
          seed: ctx.flags.seed,
          jitterMs: ctx.flags.jitterMs,
        } satisfies VariantJob),
      ],
      job.variant,
    );
  } finally {
    dir.done();
  }
};

/**
 * `ingest` (issue 2): in rounds, each variant in its own child process into a fresh WAL database: the
 * pipeline (A), the plain better-sqlite3 loop (B), and — over fewer deltas — the one
 * transaction-per-delta apply of the original design (C): A B C, A B C, … C is timed in the middle of
 * the same stream (the deltas before are written first by the plain loop, untimed), so it meets a
 * database of the size the others meet on average. Prints each run, then the medians, the median of
 * the per-round ratios, and the peak RSS of each variant. Checks that the pipeline and the plain loop
 * wrote the same event and record rows.
 */
export const ingestStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  const perDeltaAt = flags.perDeltaAt ?? Math.max(0, Math.floor((flags.deltas - flags.perDeltaDeltas) / 2));
  console.log(
    `ingest: ${fmtInt(flags.deltas)} deltas over ${fmtInt(flags.records)} records, ` +
      `${flags.rounds} rounds, per-delta-txn ${fmtInt(flags.perDeltaDeltas)} deltas ` +
      `after ${fmtInt(perDeltaAt)}; seed ${flags.seed}, jitter ±${flags.jitterMs} ms`,
  );

  const results: VariantResult[] = [];
  const byRound: Partial<Record<Variant, VariantResult>>[] = [];
  const run = (round: number, variant: Variant, deltas: number, prefill = 0): VariantResult => {
    const r = runVariant(ctx, { variant, deltas, prefill });
    console.log(
      `round ${round + 1}  ${variant.padEnd(11)} ${fmtInt(r.deltasPerSecond).padStart(9)} deltas/s  ` +
        `${r.seconds.toFixed(2).padStart(7)} s  cpu ${r.cpuUserSeconds.toFixed(1)}+${r.cpuSystemSeconds.toFixed(1)} s  ` +
        `peak RSS ${r.peakRssMiB.toFixed(0).padStart(4)} MiB  ` +
        `db ${r.dbMiB.toFixed(0)} MiB  events ${r.events}  records ${r.records}  ` +
        (r.prefill > 0 ? `(timed after ${r.prefill} untimed)  ` : '') +
        `digest ${r.eventsDigest}/${r.recordsDigest}`,
    );
    results.push(r);
    return r;
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
      `${v.padEnd(14)} ${String(runs[0]?.deltas ?? 0).padStart(8)}   ${fmtInt(rate(v)).padStart(15)}   ` +
        `${runs
          .map((r) => fmtInt(r.deltasPerSecond))
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
    `peak RSS (worst child):   ${worstRss.toFixed(0)} MiB  target < 300 MB (${RSS_LIMIT_MIB.toFixed(1)} MiB)  ${worstRss < RSS_LIMIT_MIB ? 'MET' : 'MISSED'}`,
  );
  if (problems.length === 0) console.log('rows: pipeline and plain loop wrote identical events and records');

  const data = {
    flags: {
      rounds: flags.rounds,
      deltas: flags.deltas,
      records: flags.records,
      perDeltaDeltas: flags.perDeltaDeltas,
      perDeltaAt,
      seed: flags.seed,
      jitterMs: flags.jitterMs,
    },
    results,
    summary: {
      medianDeltasPerSecond: {
        pipeline: rate('pipeline'),
        plain: rate('plain'),
        perDeltaTxn: hasPerDelta ? rate('perDeltaTxn') : null,
      },
      pipelineOverPlain: { median: pipelinePlain, rounds: pairRatios },
      pipelineOverPerDeltaTxn: hasPerDelta ? { median: pipelinePerDelta, rounds: perDeltaRatios } : null,
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
  };
  const file = ctx.writeResult('ingest', data);
  if (flags.json !== undefined) writeFileSync(flags.json, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`ingest: wrote ${file}`);
  if (problems.length > 0) throw new Error(`ingest: ${problems.join('; ')}`);
};
