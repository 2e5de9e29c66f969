/**
 * Child process of the `replay` step, in two phases, each a process of its own (so that each peak RSS
 * is its own):
 * - `ingest`: ingests `deltas` deltas with the pipeline (`createMirror`, defaults) into a fresh WAL file
 *   database `<dir>/source.db`, timed;
 * - `replay`: rebuilds a fresh `<dir>/replica.db` from that event log alone with `replayInto`, timed,
 *   then checks (untimed) that the two hold the same events, records and cursors.
 * Usage: node dist-bench/bench/runReplay.js '<ReplayJob as JSON>'
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replayInto } from '../src/replay/replayInto.js';
import { digestStore, openBenchStore } from './benchStore.js';
import { printResult } from './childProcess.js';
import { DEFAULT_STREAM } from './generateDeltas.js';
import { ingestPipeline } from './ingestPipeline.js';

export interface ReplayJob {
  readonly phase: 'ingest' | 'replay';
  readonly dir: string;
  readonly deltas: number;
  readonly records: number;
  readonly seed: number;
  readonly jitterMs: number;
}

export interface ReplayPhaseResult {
  readonly phase: 'ingest' | 'replay';
  /** Deltas ingested, or events replayed. */
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  /** Replay only: the replica holds the same events, records and cursors as the source. */
  readonly identical?: boolean;
  readonly digest?: string;
}

const main = async (): Promise<void> => {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: runReplay.js <job JSON>');
  const job = JSON.parse(arg) as ReplayJob;
  const source = openBenchStore(join(job.dir, 'source.db'));
  const replica = job.phase === 'replay' ? openBenchStore(join(job.dir, 'replica.db')) : undefined;
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let count: number;
    if (replica === undefined) {
      const report = await ingestPipeline(source, {
        ...DEFAULT_STREAM,
        deltas: job.deltas,
        records: job.records,
        seed: job.seed,
        jitterMs: job.jitterMs,
      });
      count = report.total.applied;
    } else {
      count = (await replayInto({ from: source, into: replica })).events;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    let check = {};
    if (replica !== undefined) {
      const a = digestStore(source);
      const b = digestStore(replica);
      check = {
        identical:
          a.events === b.events &&
          a.records === b.records &&
          a.eventsDigest === b.eventsDigest &&
          a.recordsDigest === b.recordsDigest &&
          JSON.stringify(a.cursors) === JSON.stringify(b.cursors),
        digest: `${a.eventsDigest}/${a.recordsDigest}`,
      };
    }
    printResult({
      phase: job.phase,
      count,
      seconds,
      perSecond: count / seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB,
      ...check,
    } satisfies ReplayPhaseResult);
  } finally {
    source.close();
    replica?.close();
  }
};

await main();
