/**
 * Child process of the `memory` step: streams `deltas` deltas through `createMirror` with the library's
 * defaults (batches of 1,000, the dedupe window of 100,000 keys, the ordering window, SQLite's page cache
 * as `openStore` sets it) into a fresh WAL file database, and samples its own memory about every
 * `sampleMs` while it runs.
 *
 * The source is a synchronous generator, so the pipeline holds the event loop for the whole run and a
 * timer would not fire: the samples are taken from inside the generator (a clock check every 256
 * deltas), i.e. while the pipeline pulls. Each sample: `process.memoryUsage()` (rss, heap, external)
 * and the kernel's high-water mark `process.resourceUsage().maxRSS`, which also catches peaks between
 * samples. Progress goes to stderr every 30 s.
 *
 * Usage: node dist-bench/bench/runMemory.js '<MemoryJob as JSON>'
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { from } from 'rxjs';
import type { SourceEmission } from '../src/model/SourceEmission.js';
import { openStore } from '../src/store/openStore.js';
import { createMirror } from '../src/streams/createMirror.js';
import { BENCH_SOURCE_ID } from './benchStore.js';
import { printResult } from './childProcess.js';
import { DEFAULT_STREAM, generateEmissions } from './generateDeltas.js';
import { MiB } from './stats.js';

export interface MemoryJob {
  readonly dbPath: string;
  readonly deltas: number;
  readonly records: number;
  readonly seed: number;
  readonly jitterMs: number;
  readonly sampleMs: number;
  /** Only for experiments: overrides `openStore`'s `cacheSizeMiB` (undefined: the library's default). */
  readonly cacheSizeMiB?: number;
  /** Only for experiments: `createMirror`'s `batchSize` (undefined: the default). */
  readonly batchSize?: number;
}

export interface MemorySample {
  /** Seconds since the ingest started. */
  readonly t: number;
  readonly deltas: number;
  readonly rssMiB: number;
  /** The kernel's high-water mark of RSS so far. */
  readonly maxRssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly externalMiB: number;
}

export interface MemoryResult {
  readonly deltas: number;
  readonly applied: number;
  readonly batches: number;
  readonly seconds: number;
  readonly deltasPerSecond: number;
  /** `process.resourceUsage().maxRSS` at the end: the peak over the whole process, startup included. */
  readonly peakRssMiB: number;
  /** The largest sampled `rss`. */
  readonly maxSampledRssMiB: number;
  /** RSS before the ingest (store open and migrated). */
  readonly startRssMiB: number;
  readonly cacheSizeMiB: number | null;
  readonly batchSize: number | null;
  readonly dbMiB: number;
  readonly samples: readonly MemorySample[];
}

const fileMiB = (path: string): number => {
  try {
    return statSync(path).size / MiB;
  } catch {
    return 0;
  }
};

const main = async (): Promise<void> => {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: runMemory.js <job JSON>');
  const job = JSON.parse(arg) as MemoryJob;
  const store = openStore({
    path: job.dbPath,
    ...(job.cacheSizeMiB === undefined ? {} : { cacheSizeMiB: job.cacheSizeMiB }),
  });
  const samples: MemorySample[] = [];
  let deltas = 0;
  let started = performance.now();
  let lastSample = -Infinity;
  let lastProgress = started;
  const sample = (now: number): void => {
    const m = process.memoryUsage();
    samples.push({
      t: (now - started) / 1000,
      deltas,
      rssMiB: m.rss / MiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      heapUsedMiB: m.heapUsed / MiB,
      heapTotalMiB: m.heapTotal / MiB,
      externalMiB: m.external / MiB,
    });
    lastSample = now;
    if (now - lastProgress >= 30_000) {
      lastProgress = now;
      const s = samples[samples.length - 1] as MemorySample;
      process.stderr.write(
        `memory: ${s.t.toFixed(0)} s  ${deltas.toLocaleString('en-US')} deltas  ` +
          `${Math.round(deltas / s.t).toLocaleString('en-US')} deltas/s  rss ${s.rssMiB.toFixed(0)} MiB  ` +
          `max ${s.maxRssMiB.toFixed(0)} MiB  heap ${s.heapUsedMiB.toFixed(0)}/${s.heapTotalMiB.toFixed(0)} MiB\n`,
      );
    }
  };
  function* sampled(emissions: Iterable<SourceEmission>): Generator<SourceEmission, void, undefined> {
    for (const e of emissions) {
      if (!('kind' in e) && (++deltas & 255) === 0) {
        const now = performance.now();
        if (now - lastSample >= job.sampleMs) sample(now);
      }
      yield e;
    }
  }
  try {
    const stream = {
      ...DEFAULT_STREAM,
      deltas: job.deltas,
      records: job.records,
      seed: job.seed,
      jitterMs: job.jitterMs,
    };
    const startRssMiB = process.memoryUsage().rss / MiB;
    started = performance.now();
    sample(started);
    const mirror = createMirror({
      store,
      sources: { [BENCH_SOURCE_ID]: from(sampled(generateEmissions(stream))) },
      ...(job.batchSize === undefined ? {} : { batchSize: job.batchSize }),
    });
    const report = await mirror.run();
    const end = performance.now();
    sample(end);
    const seconds = (end - started) / 1000;
    const result: MemoryResult = {
      deltas: job.deltas,
      applied: report.total.applied,
      batches: report.batches,
      seconds,
      deltasPerSecond: job.deltas / seconds,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      maxSampledRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
      startRssMiB,
      cacheSizeMiB: job.cacheSizeMiB ?? null,
      batchSize: job.batchSize ?? null,
      dbMiB: fileMiB(job.dbPath) + fileMiB(`${job.dbPath}-wal`),
      samples,
    };
    printResult(result);
  } finally {
    store.close();
  }
};

await main();
