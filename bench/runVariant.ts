/**
 * Child process entry: runs ONE variant into a fresh database and prints its {@link VariantResult}.
 * One process per run, so that `maxRSS` is that variant's own peak and no JIT or heap state carries over.
 * Usage: node dist-bench/bench/runVariant.js '<VariantJob as JSON>'
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type { MirrorStore } from '../src/store/MirrorStore.js';
import { connectionOf } from '../src/store/connectionOf.js';
import { digestDatabase, openBenchStore, openDatabaseAtVersion, PLAIN_SCHEMA_VERSION } from './benchStore.js';
import { DEFAULT_STREAM, generateEmissions, takeDeltas, type DeltaStreamOptions } from './generateDeltas.js';
import { ingestLeanLoop } from './ingestLeanLoop.js';
import { ingestPerDeltaTransaction } from './ingestPerDeltaTransaction.js';
import { ingestPipeline } from './ingestPipeline.js';
import { ingestPlainLoop } from './ingestPlainLoop.js';
import { printResult } from './childProcess.js';
import { WORKLOAD_ORDER, type VariantJob, type VariantResult } from './variantResult.js';

const fileMiB = (path: string): number => {
  try {
    return statSync(path).size / 2 ** 20;
  } catch {
    return 0;
  }
};

/** The variant's database: `openStore`'s (the latest schema), or a raw one at schema 4 for the plain loop. */
interface Target {
  readonly db: Database.Database;
  readonly store?: MirrorStore;
  close(): void;
}

const openTarget = (job: VariantJob): Target => {
  if (job.variant === 'plain') {
    const db = openDatabaseAtVersion(job.dbPath, PLAIN_SCHEMA_VERSION);
    return { db, close: () => db.close() };
  }
  const store = openBenchStore(job.dbPath);
  return { db: connectionOf(store), store, close: () => store.close() };
};

const main = async (): Promise<void> => {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: runVariant.js <job JSON>');
  const job = JSON.parse(arg) as VariantJob;
  const stream: DeltaStreamOptions = {
    ...DEFAULT_STREAM,
    deltas: job.prefill + job.deltas,
    records: job.records,
    order: WORKLOAD_ORDER[job.workload],
    seed: job.seed,
    jitterMs: job.jitterMs,
  };
  if (job.prefill > 0 && job.variant !== 'perDeltaTxn') throw new Error('prefill is for perDeltaTxn only');
  if (job.batchSize !== undefined && job.variant !== 'pipeline')
    throw new Error('batchSize is for the pipeline only');
  const target = openTarget(job);
  try {
    const { db, store } = target;
    const emissions = generateEmissions(stream);
    // Untimed, by the fastest loop that writes the latest schema.
    if (job.prefill > 0) ingestLeanLoop(db, takeDeltas(emissions, job.prefill), stream.resource);
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    let written: number;
    switch (job.variant) {
      case 'pipeline': {
        const report = await ingestPipeline(store as MirrorStore, stream, job.batchSize);
        written = report.total.applied + report.total.merged;
        break;
      }
      case 'pipelineThread': {
        const report = await ingestPipeline(store as MirrorStore, stream, job.batchSize, 'thread');
        written = report.total.applied + report.total.merged;
        break;
      }
      case 'plain':
        written = ingestPlainLoop(db, emissions, stream.resource);
        break;
      case 'lean':
        written = ingestLeanLoop(db, emissions, stream.resource);
        break;
      case 'perDeltaTxn':
        written = ingestPerDeltaTransaction(store as MirrorStore, emissions);
        break;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const dbMiB = fileMiB(job.dbPath) + fileMiB(`${job.dbPath}-wal`);
    const result: VariantResult = {
      variant: job.variant,
      workload: job.workload,
      deltas: job.deltas,
      prefill: job.prefill,
      batchSize: job.batchSize ?? null,
      written,
      seconds,
      deltasPerSecond: job.deltas / seconds,
      cpuUserSeconds: cpu.user / 1e6,
      cpuSystemSeconds: cpu.system / 1e6,
      peakRssMiB,
      dbMiB,
      ...digestDatabase(db),
    };
    printResult(result);
  } finally {
    target.close();
  }
};

await main();
