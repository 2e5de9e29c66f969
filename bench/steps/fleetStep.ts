import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_NATS_URL } from '../../src/nats/NatsServerUrl.js';
import type { StoreDigest } from '../benchStore.js';
import { benchScript, runChild } from '../childProcess.js';
import type { FleetApplyJob, FleetApplyResult, FleetProbeResult, FleetPublishResult } from '../fleetApply.js';
import type { FleetStreamJob } from '../fleetStream.js';
import type { FleetLagJob, FleetLagResult, LagPercentiles } from '../fleetLag.js';
import { fmt2, fmtInt, median } from '../stats.js';
import type { StepContext } from './context.js';

/** The issue's target: a replica applies at least this fraction of `ingest`'s rate. */
const TARGET_REPLICA_OVER_INGEST = 0.8;
/**
 * The replica kept up when the median lag of the last second of deltas is at most this much above that
 * of the first second measured (a lag that does not grow), and it committed every delta.
 */
const KEPT_UP_GROWTH_MS = 500;
/** How long the live replica may take to commit the last delta once the publisher is done. */
const CATCH_UP_SECONDS = 60;

const applyJob = (job: FleetApplyJob): string => JSON.stringify(job);

const sameRows = (a: StoreDigest, b: StoreDigest): boolean =>
  a.events === b.events &&
  a.records === b.records &&
  a.eventsDigest === b.eventsDigest &&
  a.recordsDigest === b.recordsDigest &&
  a.chainsDigest === b.chainsDigest;

/** A figure with one decimal; `n/a` for NaN, which the child's JSON carries as null. */
const f1 = (x: number | null): string => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(1));

const ms = (p: LagPercentiles): string =>
  `p50 ${f1(p.p50)}  p90 ${f1(p.p90)}  p99 ${f1(p.p99)}  max ${f1(p.max)} ms`;

/** A stream of our own, and the subject prefix it takes, named so that no other run meets them. */
const freshStream = (nats: string, what: string): FleetStreamJob => {
  const tag = randomBytes(5).toString('hex');
  return { nats, stream: `BENCH_FLEET_${what}_${tag}`, subjectPrefix: `benchfleet${tag}.${what}` };
};

/**
 * `fleet` (issue 14), over the NATS server at `NATS_URL` (default nats://127.0.0.1:4222); every stream
 * it makes is deleted at the end.
 *
 * 1. Apply rate: the generated deltas are ingested into a publisher mirror and published once with
 *    the real publisher to a fresh stream, and the messages it sent are written to an NDJSON file.
 *    Each round then runs, in alternating order, a replica syncing the stream once through the real
 *    JetStream source and `ingest` of the file, each a child process into a fresh database; deltas/s,
 *    the per-round ratio replica/ingest and its median; both must end with the same events and records.
 * 2. Lag: a publishing mirror fed at a steady rate and a replica following live, each a child process
 *    (bench/fleetLag.ts); per delta, the replica's commit time minus the publisher's; percentiles over
 *    the deltas after the warm-up.
 */
export const fleetStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  const nats = process.env.NATS_URL ?? DEFAULT_NATS_URL;
  const probe = runChild<FleetProbeResult>(
    benchScript('fleetApply'),
    [applyJob({ phase: 'probe', nats })],
    'fleet (probe)',
  );
  if (!probe.reachable) {
    throw new Error(
      `no NATS server with JetStream answers at ${nats} (${probe.reason ?? 'unknown'}): start one (nats-server -js) or set NATS_URL`,
    );
  }
  const applyStream = freshStream(nats, 'apply');
  const lagStream = freshStream(nats, 'lag');
  const dir = ctx.tempDir('fleet');
  try {
    // 1. Apply rate.
    console.log(
      `fleet: ${nats}; ${fmtInt(flags.fleetDeltas)} deltas over ${fmtInt(flags.records)} records, published once, ` +
        `then ${flags.fleetRounds} rounds of a replica syncing the stream vs ingest of the same lines from a file`,
    );
    const published = runChild<FleetPublishResult>(
      benchScript('fleetApply'),
      [
        applyJob({
          phase: 'publish',
          ...applyStream,
          dir: dir.path,
          deltas: flags.fleetDeltas,
          records: flags.records,
          seed: flags.seed,
          jitterMs: flags.jitterMs,
        }),
      ],
      'fleet (publish)',
    );
    console.log(
      `published ${fmtInt(published.published)} messages (${(published.streamBytes / 2 ** 20).toFixed(0)} MiB in the stream) ` +
        `in ${published.publishSeconds.toFixed(1)} s: ${fmtInt(published.publishPerSecond)} messages/s`,
    );
    const rounds: { replica: FleetApplyResult; ingest: FleetApplyResult; ratio: number; same: boolean }[] =
      [];
    for (let round = 0; round < flags.fleetRounds; round++) {
      const order: ('replica' | 'ingest')[] = round % 2 === 0 ? ['replica', 'ingest'] : ['ingest', 'replica'];
      const got: Partial<Record<'replica' | 'ingest', FleetApplyResult>> = {};
      for (const phase of order) {
        const name = `${phase}-${round + 1}`;
        const job: FleetApplyJob =
          phase === 'replica'
            ? { phase, ...applyStream, dir: dir.path, name }
            : { phase, dir: dir.path, name };
        const nodeArgs =
          phase === 'replica' && flags.fleetCpuProf !== undefined
            ? ['--cpu-prof', '--cpu-prof-dir', flags.fleetCpuProf]
            : [];
        got[phase] = runChild<FleetApplyResult>(
          benchScript('fleetApply'),
          [applyJob(job)],
          `fleet (${phase})`,
          nodeArgs,
        );
      }
      const replica = got.replica as FleetApplyResult;
      const ingest = got.ingest as FleetApplyResult;
      const ratio = replica.perSecond / ingest.perSecond;
      const same = sameRows(replica.digest, ingest.digest);
      console.log(
        `round ${round + 1}  replica ${fmtInt(replica.perSecond).padStart(7)} deltas/s (${replica.seconds.toFixed(1)} s, ` +
          `CPU ${replica.cpuSeconds.toFixed(1)} s)  ingest ${fmtInt(ingest.perSecond).padStart(7)} deltas/s ` +
          `(${ingest.seconds.toFixed(1)} s, CPU ${ingest.cpuSeconds.toFixed(1)} s)  replica/ingest ${fmt2(ratio)}  ` +
          `${same ? 'same rows' : 'DIFFERENT rows'} ${replica.digest.eventsDigest}/${replica.digest.recordsDigest}`,
      );
      rounds.push({ replica, ingest, ratio, same });
    }

    // 2. Lag at a steady rate.
    console.log(
      `\nlag: a publishing mirror fed ${fmtInt(flags.fleetRate)} deltas/s (those due every ${flags.fleetTickMs} ms) ` +
        `for ${flags.fleetSeconds} s, a replica following live; the first ${flags.fleetWarmupSeconds} s left out`,
    );
    // Databases of their own: the publish phase's mirror holds the same generated deltas.
    const lagDir = join(dir.path, 'lag');
    mkdirSync(lagDir);
    const lag = runChild<FleetLagResult>(
      benchScript('fleetLag'),
      [
        'run',
        JSON.stringify({
          ...lagStream,
          dir: lagDir,
          rate: flags.fleetRate,
          tickMs: flags.fleetTickMs,
          seconds: flags.fleetSeconds,
          warmupSeconds: flags.fleetWarmupSeconds,
          records: flags.records,
          seed: flags.seed,
          jitterMs: flags.jitterMs,
          catchUpSeconds: CATCH_UP_SECONDS,
          ...(flags.fleetCpuProf === undefined ? {} : { cpuProfDir: flags.fleetCpuProf }),
        } satisfies FleetLagJob),
      ],
      'fleet (lag)',
    );

    const problems = [
      ...rounds.flatMap((r, i) => [
        ...(r.same ? [] : [`round ${i + 1}: the replica's rows differ from ingest's`]),
        ...(r.replica.applied === published.lines && r.ingest.applied === published.lines
          ? []
          : [
              `round ${i + 1}: replica applied ${r.replica.applied}, ingest ${r.ingest.applied} of ${published.lines}`,
            ]),
      ]),
      ...(published.digest.recordsDigest === rounds[0]?.replica.digest.recordsDigest
        ? []
        : ["the replica's records differ from the publisher's"]),
      ...(lag.missing === 0 ? [] : [`lag: the replica never committed ${lag.missing} deltas`]),
    ];
    const ratios = rounds.map((r) => r.ratio);
    const summary = {
      apply: {
        medianReplicaPerSecond: median(rounds.map((r) => r.replica.perSecond)),
        medianIngestPerSecond: median(rounds.map((r) => r.ingest.perSecond)),
        replicaOverIngest: { median: median(ratios), rounds: ratios },
        target: TARGET_REPLICA_OVER_INGEST,
        medianCpuMicrosPerDelta: {
          replica: median(rounds.map((r) => (r.replica.cpuSeconds * 1e6) / r.replica.applied)),
          ingest: median(rounds.map((r) => (r.ingest.cpuSeconds * 1e6) / r.ingest.applied)),
        },
        maxPeakRssMiB: {
          replica: Math.max(...rounds.map((r) => r.replica.peakRssMiB)),
          ingest: Math.max(...rounds.map((r) => r.ingest.peakRssMiB)),
        },
        publishPerSecond: published.publishPerSecond,
      },
      lag: {
        achievedRate: lag.achievedRate,
        measured: lag.measured,
        lagMs: lag.lagMs,
        publisherToNatsMs: lag.publisherToNatsMs,
        natsToReplicaMs: lag.natsToReplicaMs,
        emitToReplicaMs: lag.emitToReplicaMs,
        firstSecondP50Ms: lag.firstSecondP50Ms,
        lastSecondP50Ms: lag.lastSecondP50Ms,
        finalLagMs: lag.finalLagMs,
        lagGrowthMsPerSecond:
          (lag.lastSecondP50Ms - lag.firstSecondP50Ms) / Math.max(1, lag.seconds - lag.warmupSeconds - 1),
        keptUp:
          lag.missing === 0 &&
          lag.replica.complete &&
          lag.lastSecondP50Ms - lag.firstSecondP50Ms <= KEPT_UP_GROWTH_MS,
      },
      problems,
    };

    const row = (label: string, value: string, detail: string): void =>
      console.log(`${label.padEnd(44)}${value.padStart(9)}   ${detail}`);
    console.log(`\n${'fleet over NATS JetStream'.padEnd(44)}${'median'.padStart(9)}   rounds`);
    row(
      'replica, sync once (deltas/s)',
      fmtInt(summary.apply.medianReplicaPerSecond),
      rounds.map((r) => fmtInt(r.replica.perSecond)).join(', '),
    );
    row(
      'ingest of the same lines from a file',
      fmtInt(summary.apply.medianIngestPerSecond),
      rounds.map((r) => fmtInt(r.ingest.perSecond)).join(', '),
    );
    row(
      `replica / ingest (target ≥ ${fmt2(TARGET_REPLICA_OVER_INGEST)})`,
      fmt2(summary.apply.replicaOverIngest.median),
      ratios.map(fmt2).join(', '),
    );
    row(
      'CPU µs per delta: replica, ingest',
      f1(summary.apply.medianCpuMicrosPerDelta.replica),
      f1(summary.apply.medianCpuMicrosPerDelta.ingest),
    );
    console.log(
      `\nlag at ${fmtInt(lag.achievedRate)} deltas/s (p50, p90, p99, max over ${fmtInt(lag.measured)} deltas)`,
    );
    row('publisher commit → replica commit', '', ms(lag.lagMs));
    row('  publisher commit → on NATS', '', ms(lag.publisherToNatsMs));
    row('  on NATS → replica commit', '', ms(lag.natsToReplicaMs));
    row('source emit → replica commit', '', ms(lag.emitToReplicaMs));
    console.log(
      `lag p50 over the first second measured ${f1(lag.firstSecondP50Ms)} ms, over the last ${f1(lag.lastSecondP50Ms)} ms, ` +
        `last delta ${f1(lag.finalLagMs)} ms (${f1(summary.lag.lagGrowthMsPerSecond)} ms more per second); ` +
        `the replica ${summary.lag.keptUp ? 'kept up' : 'did NOT keep up'} ` +
        `(${fmtInt(lag.replica.applied)} of ${fmtInt(lag.emitted)} deltas committed)`,
    );

    const file = ctx.writeResult('fleet', {
      flags: {
        nats,
        deltas: flags.fleetDeltas,
        rounds: flags.fleetRounds,
        records: flags.records,
        seed: flags.seed,
        jitterMs: flags.jitterMs,
        rate: flags.fleetRate,
        seconds: flags.fleetSeconds,
        warmupSeconds: flags.fleetWarmupSeconds,
        tickMs: flags.fleetTickMs,
      },
      results: { published, rounds, lag },
      summary,
    });
    console.log(`fleet: wrote ${file}`);
    if (problems.length > 0) throw new Error(`fleet: ${problems.join('; ')}`);
  } finally {
    const cleaned = runChild<{ deleted: string[] }>(
      benchScript('fleetApply'),
      [applyJob({ phase: 'cleanup', nats, streams: [applyStream.stream, lagStream.stream] })],
      'fleet (cleanup)',
    );
    console.log(`fleet: deleted stream(s) ${cleaned.deleted.join(', ') || '(none left)'}`);
    dir.done();
  }
};
