import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestWorkloadSummary, RoundRatio } from '../charts.js';
import { benchScript, runChild } from '../childProcess.js';
import { fmt2, fmtInt, median, RSS_LIMIT_MIB } from '../stats.js';
import type { Variant, VariantJob, VariantResult, Workload } from '../variantResult.js';
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

const TIMED = ['pipeline', 'pipelineThread', 'plain', 'lean'] as const;

/**
 * One workload of the ingest step: `rounds` rounds of pipeline, plain, lean (and perDeltaTxn), each a
 * child process into a fresh database. Prints each run, the medians, the per-round ratios and the peak
 * RSS, and checks what each run wrote; adds what is wrong to `problems`.
 */
const runWorkload = (
  ctx: StepContext,
  workload: Workload,
  perDeltaAt: number,
  results: VariantResult[],
  problems: string[],
): IngestWorkloadSummary => {
  const { flags } = ctx;
  const hasPerDelta = flags.perDeltaDeltas > 0;
  const variants: readonly Variant[] = [...TIMED, ...(hasPerDelta ? ['perDeltaTxn' as const] : [])];
  const expectedRecords = workload === 'updates' ? Math.min(flags.records, flags.deltas) : flags.deltas;
  console.log(
    `\n--- ${workload}: ${fmtInt(flags.deltas)} deltas, ` +
      (workload === 'updates'
        ? `scattered updates to ${fmtInt(flags.records)} records`
        : 'new records in id order, each written once') +
      ' ---',
  );

  const mine: VariantResult[] = [];
  const byRound: Partial<Record<Variant, VariantResult>>[] = [];
  const run = (round: number, variant: Variant, deltas: number, prefill = 0): VariantResult => {
    const r = runVariant(ctx, { variant, workload, deltas, prefill });
    console.log(
      `round ${round + 1}  ${variant.padEnd(14)} ${fmtInt(r.deltasPerSecond).padStart(9)} deltas/s  ` +
        `${r.seconds.toFixed(2).padStart(7)} s  cpu ${r.cpuUserSeconds.toFixed(1)}+${r.cpuSystemSeconds.toFixed(1)} s  ` +
        `peak RSS ${r.peakRssMiB.toFixed(0).padStart(4)} MiB  ` +
        `db ${r.dbMiB.toFixed(0)} MiB  events ${r.events}  records ${r.records}  ` +
        (r.prefill > 0 ? `(timed after ${r.prefill} untimed)  ` : '') +
        `digest ${r.eventsDigest}/${r.recordsDigest}`,
    );
    mine.push(r);
    results.push(r);
    return r;
  };
  for (let round = 0; round < flags.rounds; round++) {
    const row: Partial<Record<Variant, VariantResult>> = {};
    for (const v of TIMED) row[v] = run(round, v, flags.deltas);
    if (hasPerDelta) row.perDeltaTxn = run(round, 'perDeltaTxn', flags.perDeltaDeltas, perDeltaAt);
    byRound.push(row);
  }

  // Pipeline, plain and lean must have written the same rows (on the columns both schemas have) and
  // cursors, pipeline and lean the same history chains; perDeltaTxn writes a different slice of the stream.
  const before = problems.length;
  const reference = byRound[0]?.pipeline;
  const cursorsOf = (r: VariantResult): string => JSON.stringify(r.cursors);
  for (const r of mine) {
    const expected = r.variant === 'perDeltaTxn' ? flags.perDeltaDeltas : flags.deltas;
    if (r.written !== expected || r.events !== r.prefill + expected)
      problems.push(
        `${workload} ${r.variant}: wrote ${r.written} deltas, ${r.events} events; expected ${expected}`,
      );
    if (r.variant === 'perDeltaTxn' || reference === undefined) continue;
    if (r.records !== expectedRecords)
      problems.push(`${workload} ${r.variant}: ${r.records} records; expected ${expectedRecords}`);
    if (r.eventsDigest !== reference.eventsDigest || r.recordsDigest !== reference.recordsDigest)
      problems.push(
        `${workload} ${r.variant}: rows differ from round 1's pipeline run ` +
          `(${r.eventsDigest}/${r.recordsDigest} vs ${reference.eventsDigest}/${reference.recordsDigest})`,
      );
    if (r.variant !== 'plain' && r.chainsDigest !== reference.chainsDigest)
      problems.push(
        `${workload} ${r.variant}: history chains (prev_seq, last_seq) differ from round 1's pipeline run ` +
          `(${String(r.chainsDigest)} vs ${String(reference.chainsDigest)})`,
      );
    if (cursorsOf(r) !== cursorsOf(reference))
      problems.push(
        `${workload} ${r.variant}: cursors ${cursorsOf(r)} vs the pipeline's ${cursorsOf(reference)}`,
      );
  }
  const rowsIdentical = problems.length === before;

  const of = (v: Variant): VariantResult[] => mine.filter((r) => r.variant === v);
  const ran = (v: Variant): boolean => of(v).length > 0;
  const perVariant = (pick: (v: Variant) => number): Record<Variant, number | null> => ({
    pipeline: pick('pipeline'),
    pipelineThread: pick('pipelineThread'),
    plain: pick('plain'),
    lean: pick('lean'),
    perDeltaTxn: ran('perDeltaTxn') ? pick('perDeltaTxn') : null,
  });
  const rate = (v: Variant): number => median(of(v).map((r) => r.deltasPerSecond));
  const rss = (v: Variant): number => Math.max(...of(v).map((r) => r.peakRssMiB));
  const cpuMicros = (v: Variant): number =>
    median(of(v).map((r) => ((r.cpuUserSeconds + r.cpuSystemSeconds) * 1e6) / r.deltas));
  const ratio = (a: Variant, b: Variant): RoundRatio => {
    const rounds = byRound.map((r) => (r[a]?.deltasPerSecond ?? NaN) / (r[b]?.deltasPerSecond ?? NaN));
    return { median: median(rounds), rounds };
  };

  console.log(
    '\nvariant        deltas      median deltas/s   runs (deltas/s)                       max peak RSS   median CPU µs/delta',
  );
  for (const v of variants) {
    const runs = of(v);
    console.log(
      `${v.padEnd(14)} ${String(runs[0]?.deltas ?? 0).padStart(8)}   ${fmtInt(rate(v)).padStart(15)}   ` +
        `${runs
          .map((r) => fmtInt(r.deltasPerSecond))
          .join(', ')
          .padEnd(37)} ${rss(v).toFixed(0).padStart(6)} MiB   ${cpuMicros(v).toFixed(1).padStart(8)}`,
    );
  }
  const pipelineOverLean = ratio('pipeline', 'lean');
  const pipelineOverPlain = ratio('pipeline', 'plain');
  const threadOverLean = ratio('pipelineThread', 'lean');
  const threadOverPlain = ratio('pipelineThread', 'plain');
  const leanOverPlain = ratio('lean', 'plain');
  const pipelineOverPerDeltaTxn = hasPerDelta ? ratio('pipeline', 'perDeltaTxn') : null;
  const line = (name: string, r: RoundRatio, target = ''): void =>
    console.log(
      `${name.padEnd(26)}median of per-round ratios ${fmt2(r.median)}  (rounds: ${r.rounds.map(fmt2).join(', ')})${target}`,
    );
  console.log('');
  // Issue 12's targets: pipeline ≥ 0.8× the lean loop on both workloads, and ≥ 2× (first sync) or
  // ≥ 1.6× (updates) today's plain loop on schema 4.
  const target = (r: RoundRatio, atLeast: number): string =>
    `  target ≥ ${fmt2(atLeast)}  ${r.median >= atLeast ? 'MET' : 'MISSED'}`;
  line('pipeline / lean:', pipelineOverLean, `${target(pipelineOverLean, 0.8)} (the ceiling, by hand)`);
  line(
    'pipeline / plain:',
    pipelineOverPlain,
    target(pipelineOverPlain, workload === 'first-sync' ? 2 : 1.6),
  );
  line('pipelineThread / lean:', threadOverLean, target(threadOverLean, 0.8));
  line(
    'pipelineThread / plain:',
    threadOverPlain,
    target(threadOverPlain, workload === 'first-sync' ? 2 : 1.6),
  );
  line('lean / plain:', leanOverPlain, '  (latest schema vs schema 4)');
  if (pipelineOverPerDeltaTxn !== null) {
    line('pipeline / per-delta txn:', pipelineOverPerDeltaTxn, '  (information: the original design)');
  }
  // The memory target is the defaults' (the inline writer); the writer thread's peak is information.
  const worstRss = Math.max(...mine.filter((r) => r.variant !== 'pipelineThread').map((r) => r.peakRssMiB));
  console.log(
    `peak RSS (worst child):   ${worstRss.toFixed(0)} MiB  target < 300 MB (${RSS_LIMIT_MIB.toFixed(1)} MiB)  ${worstRss < RSS_LIMIT_MIB ? 'MET' : 'MISSED'}`,
  );
  if (ran('pipelineThread'))
    console.log(
      `peak RSS, writer thread:  ${rss('pipelineThread').toFixed(0)} MiB  (information: a second isolate and connection)`,
    );
  const digest = reference === undefined ? '' : `${reference.eventsDigest}/${reference.recordsDigest}`;
  if (rowsIdentical)
    console.log(
      `rows: pipeline (both writers), plain and lean wrote identical events, records and cursors ` +
        `(digest ${digest}); pipelines and lean the same history chains (${String(reference?.chainsDigest)})`,
    );
  else console.log(`rows: DIFFER: ${problems.slice(before).join('; ')}`);

  return {
    deltas: flags.deltas,
    records: expectedRecords,
    medianDeltasPerSecond: perVariant(rate),
    runsDeltasPerSecond: {
      pipeline: of('pipeline').map((r) => r.deltasPerSecond),
      pipelineThread: of('pipelineThread').map((r) => r.deltasPerSecond),
      plain: of('plain').map((r) => r.deltasPerSecond),
      lean: of('lean').map((r) => r.deltasPerSecond),
      perDeltaTxn: of('perDeltaTxn').map((r) => r.deltasPerSecond),
    },
    pipelineOverLean,
    pipelineOverPlain,
    threadOverLean,
    threadOverPlain,
    leanOverPlain,
    pipelineOverPerDeltaTxn,
    medianCpuMicrosPerDelta: perVariant(cpuMicros),
    maxPeakRssMiB: perVariant(rss),
    digest,
    rowsIdentical,
  };
};

/**
 * `ingest` (issues 2 and 12): for each workload (`updates`: scattered updates to `--records` records;
 * `first-sync`: new records in id order), in rounds, each variant in its own child process into a
 * fresh WAL database: the pipeline (createMirror, latest schema), the same with `writer: 'thread'`
 * (pipelineThread), the plain better-sqlite3 loop on
 * schema 4 (the fixed reference of issue 2), the lean loop on the latest schema (the ceiling: the same
 * job per delta as the pipeline, written by hand for speed), and — over fewer deltas — the one
 * transaction-per-delta apply of the original design: pipeline plain lean perDeltaTxn, pipeline plain
 * lean perDeltaTxn, … perDeltaTxn is timed in the middle of the same stream (the deltas before are
 * written first by a loop, untimed), so it meets a database of the size the others meet on average.
 * Prints each run, then the medians, the medians of the per-round ratios pipeline/lean,
 * pipeline/plain, lean/plain, and the peak RSS of each variant. Fails if pipeline, plain and lean did
 * not write the same event and record rows (on the columns the schemas share) and cursors, or pipeline
 * and lean not the same history chains (`prev_seq`, `last_seq`, compared by delta key).
 */
export const ingestStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  const perDeltaAt = flags.perDeltaAt ?? Math.max(0, Math.floor((flags.deltas - flags.perDeltaDeltas) / 2));
  console.log(
    `ingest: workloads ${flags.workloads.join(', ')}; ${fmtInt(flags.deltas)} deltas, ` +
      `${flags.rounds} rounds, per-delta-txn ${fmtInt(flags.perDeltaDeltas)} deltas ` +
      `after ${fmtInt(perDeltaAt)}; seed ${flags.seed}, jitter ±${flags.jitterMs} ms`,
  );
  const results: VariantResult[] = [];
  const problems: string[] = [];
  const byWorkload: Partial<Record<Workload, IngestWorkloadSummary>> = {};
  for (const workload of flags.workloads)
    byWorkload[workload] = runWorkload(ctx, workload, perDeltaAt, results, problems);

  const data = {
    flags: {
      workloads: flags.workloads,
      rounds: flags.rounds,
      deltas: flags.deltas,
      records: flags.records,
      perDeltaDeltas: flags.perDeltaDeltas,
      perDeltaAt,
      seed: flags.seed,
      jitterMs: flags.jitterMs,
    },
    results,
    summary: { byWorkload, problems },
  };
  const file = ctx.writeResult('ingest', data);
  if (flags.json !== undefined) writeFileSync(flags.json, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`\ningest: wrote ${file}`);
  if (problems.length > 0) throw new Error(`ingest: ${problems.join('; ')}`);
};
