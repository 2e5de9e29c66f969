import { join } from 'node:path';
import { benchScript, runChild } from '../childProcess.js';
import type { MemoryJob, MemoryResult } from '../runMemory.js';
import { fmtInt, RSS_LIMIT_MIB } from '../stats.js';
import { writeRssChart } from '../charts.js';
import type { StepContext } from './context.js';

/**
 * `memory`: one long stream (10M deltas by default) through `createMirror` with the library's defaults,
 * in a child process that samples its RSS about once a second; the peak is the kernel's high-water mark
 * (`maxRSS`) of that process. Writes memory.json and the RSS-over-time chart.
 */
export const memoryStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  console.log(
    `memory: ${fmtInt(flags.memoryDeltas)} deltas over ${fmtInt(flags.records)} records through createMirror, ` +
      `${flags.memoryCacheMiB === undefined ? 'default cacheSizeMiB' : `cacheSizeMiB ${flags.memoryCacheMiB}`}, ` +
      `${flags.memoryBatchSize === undefined ? 'default batchSize' : `batchSize ${flags.memoryBatchSize}`}; ` +
      `RSS sampled every ${flags.memorySampleMs} ms`,
  );
  const dir = ctx.tempDir('memory');
  let result: MemoryResult;
  try {
    const job: MemoryJob = {
      dbPath: join(dir.path, 'mirror.db'),
      deltas: flags.memoryDeltas,
      records: flags.records,
      seed: flags.seed,
      jitterMs: flags.jitterMs,
      sampleMs: flags.memorySampleMs,
      ...(flags.memoryCacheMiB === undefined ? {} : { cacheSizeMiB: flags.memoryCacheMiB }),
      ...(flags.memoryBatchSize === undefined ? {} : { batchSize: flags.memoryBatchSize }),
    };
    result = runChild<MemoryResult>(benchScript('runMemory'), [JSON.stringify(job)], 'memory');
  } finally {
    dir.done();
  }
  const problems: string[] = [];
  if (result.applied !== flags.memoryDeltas)
    problems.push(`applied ${result.applied} deltas, expected ${flags.memoryDeltas}`);
  const met = result.peakRssMiB < RSS_LIMIT_MIB;
  console.log(
    `memory: ${fmtInt(result.deltas)} deltas in ${(result.seconds / 60).toFixed(1)} min ` +
      `(${fmtInt(result.deltasPerSecond)} deltas/s), ${result.samples.length} samples; ` +
      `peak RSS ${result.peakRssMiB.toFixed(1)} MiB (max sampled ${result.maxSampledRssMiB.toFixed(1)} MiB, ` +
      `at start ${result.startRssMiB.toFixed(1)} MiB); limit 300 MB = ${RSS_LIMIT_MIB.toFixed(1)} MiB ` +
      `${met ? 'MET' : 'MISSED'}; database ${fmtInt(result.dbMiB)} MiB`,
  );
  const file = ctx.writeResult('memory', {
    flags: {
      deltas: flags.memoryDeltas,
      records: flags.records,
      seed: flags.seed,
      jitterMs: flags.jitterMs,
      sampleMs: flags.memorySampleMs,
      cacheSizeMiB: flags.memoryCacheMiB ?? null,
      batchSize: flags.memoryBatchSize ?? null,
    },
    summary: {
      peakRssMiB: result.peakRssMiB,
      peakRssMB: (result.peakRssMiB * 2 ** 20) / 1e6,
      limitMiB: RSS_LIMIT_MIB,
      met,
      seconds: result.seconds,
      deltasPerSecond: result.deltasPerSecond,
      problems,
    },
    result,
  });
  const chart = writeRssChart(flags.results);
  console.log(`memory: wrote ${file} and ${chart}`);
  if (problems.length > 0) throw new Error(`memory: ${problems.join('; ')}`);
};
