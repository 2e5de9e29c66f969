import { benchScript, runChild } from '../childProcess.js';
import type { ReplayJob, ReplayPhaseResult } from '../runReplay.js';
import { fmt2, fmtInt, median } from '../stats.js';
import type { StepContext } from './context.js';

/**
 * `replay`: replay rate against ingest rate. Each round: a child process ingests the stream with the
 * pipeline into a fresh file database (timed); a second child rebuilds a fresh database from that event
 * log with `replayInto` (timed) and checks that the two hold the same events, records and cursors. The
 * ratio (replay events/s ÷ ingest deltas/s) is taken per round; the report gives medians.
 */
export const replayStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  console.log(
    `replay: ${fmtInt(flags.replayDeltas)} deltas over ${fmtInt(flags.records)} records, ${flags.replayRounds} rounds ` +
      '(ingest with createMirror, then replayInto a fresh database; each in its own process)',
  );
  const rounds: { ingest: ReplayPhaseResult; replay: ReplayPhaseResult; ratio: number }[] = [];
  for (let round = 0; round < flags.replayRounds; round++) {
    const dir = ctx.tempDir('replay');
    try {
      const job = (phase: ReplayJob['phase']): string =>
        JSON.stringify({
          phase,
          dir: dir.path,
          deltas: flags.replayDeltas,
          records: flags.records,
          seed: flags.seed,
          jitterMs: flags.jitterMs,
        } satisfies ReplayJob);
      const ingest = runChild<ReplayPhaseResult>(
        benchScript('runReplay'),
        [job('ingest')],
        'replay (ingest)',
      );
      const replay = runChild<ReplayPhaseResult>(benchScript('runReplay'), [job('replay')], 'replay');
      const ratio = replay.perSecond / ingest.perSecond;
      console.log(
        `round ${round + 1}  ingest ${fmtInt(ingest.perSecond).padStart(7)} deltas/s (${ingest.seconds.toFixed(1)} s, ` +
          `peak RSS ${ingest.peakRssMiB.toFixed(0)} MiB)  replay ${fmtInt(replay.perSecond).padStart(7)} events/s ` +
          `(${replay.seconds.toFixed(1)} s, peak RSS ${replay.peakRssMiB.toFixed(0)} MiB)  replay/ingest ${fmt2(ratio)}  ` +
          `${replay.identical === true ? 'identical' : 'DIFFERENT'} ${replay.digest ?? ''}`,
      );
      rounds.push({ ingest, replay, ratio });
    } finally {
      dir.done();
    }
  }
  const problems = rounds.flatMap((r, i) => [
    ...(r.replay.identical === true ? [] : [`round ${i + 1}: the replica differs from the source`]),
    ...(r.ingest.count === flags.replayDeltas && r.replay.count === flags.replayDeltas
      ? []
      : [`round ${i + 1}: ingested ${r.ingest.count}, replayed ${r.replay.count} of ${flags.replayDeltas}`]),
  ]);
  const summary = {
    medianIngestPerSecond: median(rounds.map((r) => r.ingest.perSecond)),
    medianReplayPerSecond: median(rounds.map((r) => r.replay.perSecond)),
    replayOverIngest: { median: median(rounds.map((r) => r.ratio)), rounds: rounds.map((r) => r.ratio) },
    medianCpuMicrosPerDelta: {
      ingest: median(rounds.map((r) => (r.ingest.cpuSeconds * 1e6) / r.ingest.count)),
      replay: median(rounds.map((r) => (r.replay.cpuSeconds * 1e6) / r.replay.count)),
    },
    maxPeakRssMiB: {
      ingest: Math.max(...rounds.map((r) => r.ingest.peakRssMiB)),
      replay: Math.max(...rounds.map((r) => r.replay.peakRssMiB)),
    },
    problems,
  };
  console.log(
    `\nmedian ingest ${fmtInt(summary.medianIngestPerSecond)} deltas/s, replay ${fmtInt(summary.medianReplayPerSecond)} events/s; ` +
      `replay/ingest median of per-round ratios ${fmt2(summary.replayOverIngest.median)} ` +
      `(rounds: ${summary.replayOverIngest.rounds.map(fmt2).join(', ')}); ` +
      `CPU µs/delta ingest ${summary.medianCpuMicrosPerDelta.ingest.toFixed(1)}, replay ${summary.medianCpuMicrosPerDelta.replay.toFixed(1)}; ` +
      `peak RSS ingest ${summary.maxPeakRssMiB.ingest.toFixed(0)} MiB, replay ${summary.maxPeakRssMiB.replay.toFixed(0)} MiB`,
  );
  const file = ctx.writeResult('replay', {
    flags: {
      deltas: flags.replayDeltas,
      rounds: flags.replayRounds,
      records: flags.records,
      seed: flags.seed,
      jitterMs: flags.jitterMs,
    },
    results: rounds,
    summary,
  });
  console.log(`replay: wrote ${file}`);
  if (problems.length > 0) throw new Error(`replay: ${problems.join('; ')}`);
};
