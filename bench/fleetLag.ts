/**
 * Child process of the `fleet` step (issue 14), part 2: end-to-end lag from a commit on a publishing
 * mirror to the commit of the same delta on a replica following its stream live, at a steady rate.
 * Three roles, each a process (the job's JSON is the one argument):
 *
 * - `run` (what the step starts): creates the stream (`ensureStream`, as the publisher would), starts a
 *   `replica` and, once it follows, a `publisher`; waits for both, deletes the stream, and prints the
 *   lag percentiles over the deltas after the warm-up.
 * - `publisher`: a fresh mirror (`createMirror`, defaults) fed by a source that emits the bench's
 *   generated deltas at `rate` per second (those due every `tickMs`), publishing with the real
 *   publisher woken by `applied$`, as `sync` wires them; records when each delta was emitted and
 *   committed.
 * - `replica`: a fresh mirror following the stream with the real JetStream source, as `sync --watch`
 *   builds it from a config; records when each delta was committed; stops once it has every delta, or
 *   when its stdin closes.
 *
 * Times are wall-clock milliseconds (`performance.timeOrigin + performance.now()`), taken in each
 * process as `applied$` delivers a committed batch, so they compare across the two processes. A delta
 * is known in both by its payload's `revision` (its index in the generated stream).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Observable } from 'rxjs';
import type { SourceEmission } from '../src/model/SourceEmission.js';
import { createPublisher } from '../src/publish/createPublisher.js';
import { ensureStream } from '../src/publish/ensureStream.js';
import type { AppliedChange } from '../src/sinks/AppliedBatch.js';
import { createMirror } from '../src/streams/createMirror.js';
import { BENCH_SOURCE_ID, openBenchStore } from './benchStore.js';
import { RESULT_PREFIX, benchScript, printResult } from './childProcess.js';
import { replicaSources, type FleetStreamJob } from './fleetStream.js';
import { DEFAULT_STREAM, generateEmissions } from './generateDeltas.js';

export interface FleetLagJob extends FleetStreamJob {
  readonly dir: string;
  /** Deltas per second the publisher's source emits. */
  readonly rate: number;
  /** How often the source emits the deltas due. */
  readonly tickMs: number;
  /** Seconds of emitting, warm-up included. */
  readonly seconds: number;
  /** Seconds at the start whose deltas are left out of the percentiles. */
  readonly warmupSeconds: number;
  readonly records: number;
  readonly seed: number;
  readonly jitterMs: number;
  /** How long the replica may take, after the publisher is done, to commit the last delta. */
  readonly catchUpSeconds: number;
  /** Optional: where the publisher and the replica write CPU profiles (`--cpu-prof-dir`). */
  readonly cpuProfDir?: string;
}

type Role = 'run' | 'publisher' | 'replica';

interface PublisherResult {
  readonly emitted: number;
  /** Deltas emitted per second, from the first tick to the last. */
  readonly achievedRate: number;
  readonly published: number;
  readonly batches: number;
  readonly peakRssMiB: number;
  /** CPU time of the process from the source's start to the last acknowledgement. */
  readonly cpuSeconds: number;
}

interface ReplicaResult {
  readonly applied: number;
  readonly batches: number;
  /** Whether it committed every delta before its stdin closed. */
  readonly complete: boolean;
  readonly peakRssMiB: number;
  readonly cpuSeconds: number;
}

export interface LagPercentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface FleetLagResult {
  readonly rate: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly emitted: number;
  readonly achievedRate: number;
  /** Deltas after the warm-up that both mirrors committed, over which the percentiles are taken. */
  readonly measured: number;
  /** Deltas the replica never committed. */
  readonly missing: number;
  /** Publisher commit → replica commit, ms. */
  readonly lagMs: LagPercentiles;
  /** Source emit → replica commit, ms (includes the publisher's own batching). */
  readonly emitToReplicaMs: LagPercentiles;
  /** Publisher commit → the message reaching a NATS subscriber (the publisher's part), ms. */
  readonly publisherToNatsMs: LagPercentiles;
  /** The message reaching a NATS subscriber → replica commit (the replica's part), ms. */
  readonly natsToReplicaMs: LagPercentiles;
  /** Lag of the last delta, and median lag over the last second of deltas, ms. */
  readonly finalLagMs: number;
  readonly lastSecondP50Ms: number;
  /** Median lag over the first second after the warm-up, ms (to see whether the lag grew). */
  readonly firstSecondP50Ms: number;
  readonly publisher: PublisherResult;
  readonly replica: ReplicaResult;
}

/** A message's revision, read from its body without parsing all of it (the payload is canonical JSON). */
const REVISION = /"revision":(\d+)/;

const wallNow = (): number => performance.timeOrigin + performance.now();

const totalDeltas = (job: FleetLagJob): number => Math.round(job.rate * job.seconds);

const revisionOf = (change: AppliedChange): number => {
  const payload = change.delta.payload;
  const revision =
    payload !== null && typeof payload === 'object' && !Array.isArray(payload) && 'revision' in payload
      ? payload.revision
      : undefined;
  if (typeof revision !== 'number') throw new Error(`delta ${change.delta.record_id} has no revision`);
  return revision;
};

const writeTimes = (file: string, times: Float64Array): void =>
  writeFileSync(file, Buffer.from(times.buffer, times.byteOffset, times.byteLength));
const readTimes = (file: string): Float64Array => {
  const bytes = readFileSync(file);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const timesFile = (job: FleetLagJob, what: string): string => join(job.dir, `${what}-times.f64`);

/**
 * The generated deltas at a steady rate: every `tickMs`, those due since the start (so a late timer
 * catches up instead of lowering the rate), each one's emit time recorded by its index.
 */
const steadySource = (job: FleetLagJob, emittedAt: Float64Array): Observable<SourceEmission> =>
  new Observable<SourceEmission>((subscriber) => {
    const total = emittedAt.length;
    const emissions = generateEmissions({
      ...DEFAULT_STREAM,
      deltas: total,
      records: job.records,
      seed: job.seed,
      jitterMs: job.jitterMs,
    });
    const t0 = performance.now();
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * job.rate) / 1000));
      const now = wallNow();
      while (sent < due || (sent === total && !subscriber.closed)) {
        const next = emissions.next();
        if (next.done === true) {
          subscriber.complete();
          return;
        }
        if (!('kind' in next.value)) emittedAt[sent++] = now;
        subscriber.next(next.value);
      }
      timer = setTimeout(tick, job.tickMs);
    };
    timer = setTimeout(tick, job.tickMs);
    return () => clearTimeout(timer);
  });

const runPublisher = async (job: FleetLagJob): Promise<PublisherResult> => {
  const total = totalDeltas(job);
  const emittedAt = new Float64Array(total).fill(NaN);
  const committedAt = new Float64Array(total).fill(NaN);
  const store = openBenchStore(join(job.dir, 'publisher.db'));
  try {
    const mirror = createMirror({ store, sources: { [BENCH_SOURCE_ID]: steadySource(job, emittedAt) } });
    let batches = 0;
    mirror.applied$.subscribe((change) => {
      committedAt[revisionOf(change)] = wallNow();
    });
    // As `sync` wires them: the publisher woken by each commit, stopped once the mirror is done.
    const publisher = createPublisher({
      store,
      nats: job.nats,
      stream: job.stream,
      subjectPrefix: job.subjectPrefix,
      committed$: mirror.applied$,
    });
    const publishing = publisher.run();
    publishing.catch(() => mirror.stop());
    // The source starts once the publisher has reached NATS and checked the stream: a backlog from
    // connecting is not the steady state measured.
    while (publisher.report().position === undefined) await sleep(10);
    const cpu0 = process.cpuUsage();
    const report = await mirror.run();
    batches = report.batches;
    publisher.stop({ flushWithinMs: Number.POSITIVE_INFINITY });
    const published = await publishing;
    const cpu = process.cpuUsage(cpu0);
    writeTimes(timesFile(job, 'emitted'), emittedAt);
    writeTimes(timesFile(job, 'publisher'), committedAt);
    const first = emittedAt[0] as number;
    const last = emittedAt[total - 1] as number;
    return {
      emitted: total,
      achievedRate: last > first ? ((total - 1) * 1000) / (last - first) : NaN,
      published: published.published,
      batches,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    store.close();
  }
};

const runReplica = async (job: FleetLagJob): Promise<ReplicaResult> => {
  const total = totalDeltas(job);
  const committedAt = new Float64Array(total).fill(NaN);
  const store = openBenchStore(join(job.dir, 'replica.db'));
  try {
    // As `sync --watch --config` builds it (default poll interval: each pull waits up to 5 s).
    const mirror = createMirror({ store, sources: replicaSources(job, 'live') });
    let applied = 0;
    mirror.applied$.subscribe((change) => {
      committedAt[revisionOf(change)] = wallNow();
      if (++applied === total) mirror.stop();
    });
    process.stdin.on('end', () => mirror.stop());
    process.stdin.resume();
    const cpu0 = process.cpuUsage();
    const running = mirror.run();
    process.stdout.write('READY\n');
    const report = await running;
    const cpu = process.cpuUsage(cpu0);
    process.stdin.pause();
    writeTimes(timesFile(job, 'replica'), committedAt);
    return {
      applied,
      batches: report.batches,
      complete: applied === total,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    store.close();
  }
};

/** A child role of this script; resolves with its result line, rejects when it fails. */
const startRole = (
  role: Exclude<Role, 'run'>,
  job: FleetLagJob,
  nodeArgs: readonly string[] = [],
): { child: ChildProcess; ready: Promise<void>; result: Promise<unknown> } => {
  const child = spawn(process.execPath, [...nodeArgs, benchScript('fleetLag'), role, JSON.stringify(job)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  let result: unknown;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line === 'READY') resolveReady();
    else if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
  });
  const done = new Promise<unknown>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolveReady();
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`fleet ${role}: exited with ${String(code ?? signal)}`));
    });
  });
  return { child, ready, result: done };
};

const percentiles = (values: Float64Array): LagPercentiles => {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number =>
    sorted.length === 0
      ? NaN
      : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
};

const runDriver = async (job: FleetLagJob): Promise<FleetLagResult> => {
  const nc = await connect({ servers: job.nats, timeout: 3_000, name: 'oxide-mirror bench fleet lag' });
  const jsm = await jetstreamManager(nc);
  try {
    await ensureStream(jsm, job.stream, job.subjectPrefix);
    // When each message reaches NATS subscribers (core NATS, no acks): splits the lag in two.
    const onNatsAt = new Float64Array(totalDeltas(job)).fill(NaN);
    const subscription = nc.subscribe(`${job.subjectPrefix}.>`, {
      callback: (err, message) => {
        if (err !== null) return;
        const revision = REVISION.exec(message.string())?.[1];
        if (revision !== undefined) onNatsAt[Number(revision)] = wallNow();
      },
    });
    const profiling = job.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', job.cpuProfDir];
    const replica = startRole('replica', job, profiling);
    // Awaited below; a replica that fails early must not end this process before the stream is deleted.
    replica.result.catch(() => undefined);
    await replica.ready;
    await sleep(1_000); // the replica's first pull is waiting on the (empty) stream
    const publisher = startRole('publisher', job, profiling);
    const published = (await publisher.result.catch((err: unknown) => {
      replica.child.stdin?.end();
      throw err;
    })) as PublisherResult;
    const giveUp = setTimeout(() => replica.child.stdin?.end(), job.catchUpSeconds * 1000);
    const followed = (await replica.result.finally(() => clearTimeout(giveUp))) as ReplicaResult;
    subscription.unsubscribe();

    const emittedAt = readTimes(timesFile(job, 'emitted'));
    const publisherAt = readTimes(timesFile(job, 'publisher'));
    const replicaAt = readTimes(timesFile(job, 'replica'));
    const total = emittedAt.length;
    const start = (emittedAt[0] as number) + job.warmupSeconds * 1000;
    const lags: number[] = [];
    const emitLags: number[] = [];
    const toNats: number[] = [];
    const fromNats: number[] = [];
    const firstSecond: number[] = [];
    const lastSecond: number[] = [];
    const end = emittedAt[total - 1] as number;
    let missing = 0;
    for (let i = 0; i < total; i++) {
      const replicaTime = replicaAt[i] as number;
      if (Number.isNaN(replicaTime)) {
        missing++;
        continue;
      }
      const emitted = emittedAt[i] as number;
      if (emitted < start) continue;
      const lag = replicaTime - (publisherAt[i] as number);
      lags.push(lag);
      emitLags.push(replicaTime - emitted);
      const natsTime = onNatsAt[i] as number;
      if (!Number.isNaN(natsTime)) {
        toNats.push(natsTime - (publisherAt[i] as number));
        fromNats.push(replicaTime - natsTime);
      }
      if (emitted < start + 1000) firstSecond.push(lag);
      if (emitted > end - 1000) lastSecond.push(lag);
    }
    const lagMs = percentiles(Float64Array.from(lags));
    return {
      rate: job.rate,
      seconds: job.seconds,
      warmupSeconds: job.warmupSeconds,
      emitted: total,
      achievedRate: published.achievedRate,
      measured: lags.length,
      missing,
      lagMs,
      emitToReplicaMs: percentiles(Float64Array.from(emitLags)),
      publisherToNatsMs: percentiles(Float64Array.from(toNats)),
      natsToReplicaMs: percentiles(Float64Array.from(fromNats)),
      finalLagMs: (replicaAt[total - 1] as number) - (publisherAt[total - 1] as number),
      lastSecondP50Ms: percentiles(Float64Array.from(lastSecond)).p50,
      firstSecondP50Ms: percentiles(Float64Array.from(firstSecond)).p50,
      publisher: published,
      replica: followed,
    };
  } finally {
    await jsm.streams.delete(job.stream).catch(() => undefined);
    await nc.close();
  }
};

const main = async (): Promise<void> => {
  const [role, arg] = process.argv.slice(2) as [Role | undefined, string | undefined];
  if (role === undefined || arg === undefined)
    throw new Error('usage: fleetLag.js run|publisher|replica <job JSON>');
  const job = JSON.parse(arg) as FleetLagJob;
  switch (role) {
    case 'run':
      printResult(await runDriver(job));
      return;
    case 'publisher':
      printResult(await runPublisher(job));
      return;
    case 'replica':
      printResult(await runReplica(job));
      return;
  }
};

await main();
