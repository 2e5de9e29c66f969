import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryResult } from './runMemory.js';
import { fmtInt, RSS_LIMIT_MIB } from './stats.js';
import { renderChart } from './svgChart.js';

/** The part of batch-size.json the chart reads. */
export interface BatchSizeSummaryRow {
  readonly batchSize: number;
  readonly medianDeltasPerSecond: number;
  readonly runsDeltasPerSecond: readonly number[];
  readonly maxPeakRssMiB: number;
  readonly runsPeakRssMiB: readonly number[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

export const RSS_CHART = 'rss-over-time-10m.svg';
export const BATCH_CHART = 'throughput-vs-batch-size.svg';

/** RSS over time of the memory step's run, from `<dir>/memory.json`. */
export const writeRssChart = (dir: string): string => {
  const data = readJson<{
    command: string;
    finishedAt: string;
    machine: { node: string; cpus: number };
    result: MemoryResult;
  }>(join(dir, 'memory.json'));
  const r = data.result;
  const minutes = (t: number): number => t / 60;
  const svg = renderChart(
    [
      {
        title: `Memory: ${fmtInt(r.deltas)} deltas through createMirror (defaults), RSS over time`,
        xLabel: 'time since the ingest started (minutes)',
        yLabel: 'memory (MiB)',
        series: [
          {
            name: 'RSS (sampled ~1/s)',
            color: '#1f5fbf',
            points: r.samples.map((s) => [minutes(s.t), s.rssMiB]),
          },
          {
            name: 'peak RSS so far (kernel maxRSS)',
            color: '#c0392b',
            dashed: true,
            width: 1.4,
            points: r.samples.map((s) => [minutes(s.t), s.maxRssMiB]),
          },
          {
            name: 'V8 heap, total',
            color: '#27ae60',
            width: 1.2,
            points: r.samples.map((s) => [minutes(s.t), s.heapTotalMiB]),
          },
          {
            name: 'V8 heap, used',
            color: '#95c9a7',
            width: 1,
            points: r.samples.map((s) => [minutes(s.t), s.heapUsedMiB]),
          },
        ],
        references: [
          { y: RSS_LIMIT_MIB, label: `limit: 300 MB = ${RSS_LIMIT_MIB.toFixed(1)} MiB`, color: '#c0392b' },
        ],
        yMax: Math.max(RSS_LIMIT_MIB, r.peakRssMiB) * 1.08,
        formatY: (v) => String(v),
      },
    ],
    {
      caption: [
        `peak RSS ${r.peakRssMiB.toFixed(1)} MiB (${((r.peakRssMiB * 2 ** 20) / 1e6).toFixed(1)} MB); ` +
          `${fmtInt(r.deltasPerSecond)} deltas/s over ${(r.seconds / 60).toFixed(1)} min; ` +
          `${r.samples.length} samples; database + WAL ${fmtInt(r.dbMiB)} MiB at the end`,
        'RSS sampled inside the source generator about once a second (the synchronous pipeline holds the event loop); ' +
          "the kernel's maxRSS also catches peaks between samples",
        `${data.command} (${data.finishedAt.slice(0, 10)}, node ${data.machine.node}, ${data.machine.cpus} CPUs)`,
      ],
    },
  );
  const file = join(dir, RSS_CHART);
  writeFileSync(file, svg);
  return file;
};

/** Throughput (and peak RSS) against batchSize, from `<dir>/batch-size.json`. */
export const writeBatchChart = (dir: string): string => {
  const data = readJson<{
    command: string;
    finishedAt: string;
    machine: { node: string; cpus: number };
    flags: { deltas: number; records: number; rounds: number };
    summary: { rows: readonly BatchSizeSummaryRow[] };
  }>(join(dir, 'batch-size.json'));
  const rows = data.summary.rows;
  const runs = (pick: (r: BatchSizeSummaryRow) => readonly number[]): [number, number][] =>
    rows.flatMap((r) => pick(r).map((v): [number, number] => [r.batchSize, v]));
  const svg = renderChart(
    [
      {
        title: `Pipeline throughput against batchSize (${fmtInt(data.flags.deltas)} deltas, ${data.flags.rounds} rounds)`,
        xLabel: 'batchSize (deltas per transaction, log scale)',
        yLabel: 'deltas per second',
        xScale: 'log',
        series: [
          {
            name: 'median',
            color: '#1f5fbf',
            dots: true,
            points: rows.map((r) => [r.batchSize, r.medianDeltasPerSecond]),
          },
          {
            name: 'each run',
            color: '#7f7f7f',
            line: false,
            dots: true,
            points: runs((r) => r.runsDeltasPerSecond),
          },
        ],
      },
      {
        title: 'Peak RSS of the same runs',
        xLabel: 'batchSize (deltas per transaction, log scale)',
        yLabel: 'peak RSS (MiB)',
        xScale: 'log',
        series: [
          {
            name: 'max of runs',
            color: '#c0392b',
            dots: true,
            points: rows.map((r) => [r.batchSize, r.maxPeakRssMiB]),
          },
          {
            name: 'each run',
            color: '#7f7f7f',
            line: false,
            dots: true,
            points: runs((r) => r.runsPeakRssMiB),
          },
        ],
        references: [
          { y: RSS_LIMIT_MIB, label: `300 MB = ${RSS_LIMIT_MIB.toFixed(1)} MiB`, color: '#c0392b' },
        ],
        formatY: (v) => String(v),
      },
    ],
    {
      panelHeight: 340,
      caption: [
        `createMirror defaults except batchSize; ${fmtInt(data.flags.records)} records; each point one child process; ` +
          'sizes alternate in order (forward, then backward) from round to round',
        `${data.command} (${data.finishedAt.slice(0, 10)}, node ${data.machine.node}, ${data.machine.cpus} CPUs)`,
      ],
    },
  );
  const file = join(dir, BATCH_CHART);
  writeFileSync(file, svg);
  return file;
};

/** Regenerates whichever charts have data in `dir`. */
export const writeCharts = (dir: string): string[] => [
  ...(existsSync(join(dir, 'memory.json')) ? [writeRssChart(dir)] : []),
  ...(existsSync(join(dir, 'batch-size.json')) ? [writeBatchChart(dir)] : []),
];
