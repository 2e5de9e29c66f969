import type { BatchSizeSummaryRow } from '../charts.js';
import { writeBatchChart } from '../charts.js';
import { fmt2, fmtInt, median } from '../stats.js';
import type { VariantResult } from '../variantResult.js';
import type { StepContext } from './context.js';
import { runVariant } from './ingestStep.js';

/**
 * `batch-size`: the pipeline (createMirror, defaults but `batchSize`) on the same stream for each batch
 * size, each run a child process into a fresh database. The sizes go forward in even rounds and
 * backward in odd ones, so a drift in the machine's speed does not favour one end. Reports the median
 * throughput, the ratio to batchSize 1,000 (the default) per round, and peak RSS, and draws the chart.
 */
export const batchSizeStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  const sizes = flags.batchSizes;
  console.log(
    `batch-size: ${fmtInt(flags.batchDeltas)} deltas over ${fmtInt(flags.records)} records, ` +
      `batchSize ${sizes.map(fmtInt).join(', ')}, ${flags.batchRounds} rounds`,
  );
  const runs: VariantResult[] = [];
  for (let round = 0; round < flags.batchRounds; round++) {
    const order = round % 2 === 0 ? sizes : [...sizes].reverse();
    for (const batchSize of order) {
      const r = runVariant(ctx, {
        variant: 'pipeline',
        workload: 'updates',
        deltas: flags.batchDeltas,
        prefill: 0,
        batchSize,
      });
      console.log(
        `round ${round + 1}  batchSize ${String(batchSize).padStart(6)}  ${fmtInt(r.deltasPerSecond).padStart(7)} deltas/s  ` +
          `${r.seconds.toFixed(1).padStart(6)} s  cpu ${(r.cpuUserSeconds + r.cpuSystemSeconds).toFixed(1)} s  ` +
          `peak RSS ${r.peakRssMiB.toFixed(0)} MiB  digest ${r.eventsDigest}/${r.recordsDigest}`,
      );
      runs.push(r);
    }
  }
  const problems: string[] = [];
  const [first] = runs;
  for (const r of runs) {
    if (r.written !== flags.batchDeltas) problems.push(`batchSize ${r.batchSize}: wrote ${r.written}`);
    if (
      first !== undefined &&
      (r.eventsDigest !== first.eventsDigest || r.recordsDigest !== first.recordsDigest)
    )
      problems.push(`batchSize ${r.batchSize}: rows differ from the first run`);
  }
  const of = (size: number): VariantResult[] => runs.filter((r) => r.batchSize === size);
  const reference = sizes.includes(1000) ? 1000 : (sizes[0] as number);
  const rows = sizes.map((batchSize): BatchSizeSummaryRow & Record<string, unknown> => {
    const mine = of(batchSize);
    const ref = of(reference);
    const ratios = mine.map((r, i) => r.deltasPerSecond / (ref[i]?.deltasPerSecond ?? NaN));
    return {
      batchSize,
      medianDeltasPerSecond: median(mine.map((r) => r.deltasPerSecond)),
      runsDeltasPerSecond: mine.map((r) => r.deltasPerSecond),
      overReference: { median: median(ratios), rounds: ratios },
      medianCpuMicrosPerDelta: median(
        mine.map((r) => ((r.cpuUserSeconds + r.cpuSystemSeconds) * 1e6) / r.deltas),
      ),
      maxPeakRssMiB: Math.max(...mine.map((r) => r.peakRssMiB)),
      runsPeakRssMiB: mine.map((r) => r.peakRssMiB),
    };
  });
  console.log(
    `\nbatchSize   median deltas/s   ÷ batchSize ${reference} (median of rounds)   CPU µs/delta   max peak RSS`,
  );
  for (const row of rows) {
    console.log(
      `${String(row.batchSize).padStart(9)}   ${fmtInt(row.medianDeltasPerSecond).padStart(15)}   ` +
        `${fmt2((row.overReference as { median: number }).median).padStart(34)}   ` +
        `${(row.medianCpuMicrosPerDelta as number).toFixed(1).padStart(12)}   ${row.maxPeakRssMiB.toFixed(0).padStart(8)} MiB`,
    );
  }
  const file = ctx.writeResult('batch-size', {
    flags: {
      deltas: flags.batchDeltas,
      records: flags.records,
      rounds: flags.batchRounds,
      sizes,
      seed: flags.seed,
      jitterMs: flags.jitterMs,
    },
    results: runs,
    summary: { reference, rows, problems },
  });
  console.log(`batch-size: wrote ${file} and ${writeBatchChart(flags.results)}`);
  if (problems.length > 0) throw new Error(`batch-size: ${problems.join('; ')}`);
};
