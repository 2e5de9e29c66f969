import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryResult } from './runMemory.js';
import { fmt2, fmtInt, RSS_LIMIT_MIB } from './stats.js';
import { renderChart } from './svgChart.js';
import type { Variant, Workload } from './variantResult.js';

/** The part of batch-size.json the chart reads. */
export interface BatchSizeSummaryRow {
  readonly batchSize: number;
  readonly medianDeltasPerSecond: number;
  readonly runsDeltasPerSecond: readonly number[];
  readonly maxPeakRssMiB: number;
  readonly runsPeakRssMiB: readonly number[];
}

/** A ratio of two variants' rates: its value in each round, and their median. */
export interface RoundRatio {
  readonly median: number;
  readonly rounds: readonly number[];
}

/** What ingest.json's summary holds for one workload (the ingest chart reads it). */
export interface IngestWorkloadSummary {
  readonly deltas: number;
  /** Records the stream leaves (the updates workload: `--records`; first-sync: one per delta). */
  readonly records: number;
  /** null: the variant was not run (perDeltaTxn with `--per-delta-deltas 0`). */
  readonly medianDeltasPerSecond: Record<Variant, number | null>;
  readonly runsDeltasPerSecond: Record<Variant, readonly number[]>;
  readonly pipelineOverLean: RoundRatio;
  readonly pipelineOverPlain: RoundRatio;
  /** The pipeline with `writer: 'thread'`; absent from files written before it existed. */
  readonly threadOverLean?: RoundRatio;
  readonly threadOverPlain?: RoundRatio;
  readonly leanOverPlain: RoundRatio;
  readonly pipelineOverPerDeltaTxn: RoundRatio | null;
  readonly medianCpuMicrosPerDelta: Record<Variant, number | null>;
  readonly maxPeakRssMiB: Record<Variant, number | null>;
  /** Round 1's pipeline digests (events/records), which every pipeline, plain and lean run must match. */
  readonly digest: string;
  readonly rowsIdentical: boolean;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

export const RSS_CHART = 'rss-over-time-10m.svg';
export const BATCH_CHART = 'throughput-vs-batch-size.svg';
export const INGEST_CHART = 'ingest-workloads.svg';

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

interface IngestFile {
  readonly command: string;
  readonly finishedAt: string;
  readonly machine: { node: string; cpus: number };
  readonly flags: {
    workloads?: readonly Workload[];
    rounds: number;
    perDeltaDeltas: number;
    perDeltaAt: number;
  };
  readonly summary: { byWorkload?: Partial<Record<Workload, IngestWorkloadSummary>> };
}

const INGEST_BARS: readonly { variant: Variant; name: string; color: string }[] = [
  { variant: 'pipeline', name: 'pipeline', color: '#1f5fbf' },
  { variant: 'pipelineThread', name: 'pipeline, writer thread', color: '#8e44ad' },
  { variant: 'plain', name: 'plain loop (schema 4)', color: '#9a9a9a' },
  { variant: 'lean', name: 'lean loop (latest schema)', color: '#27ae60' },
  { variant: 'perDeltaTxn', name: 'txn per delta', color: '#c0392b' },
];

/**
 * Median deltas/s of each ingest variant, grouped by workload, from `<dir>/ingest.json`; undefined
 * when that file predates the workloads (issue 12) and has none.
 */
export const writeIngestChart = (dir: string): string | undefined => {
  const data = readJson<IngestFile>(join(dir, 'ingest.json'));
  const byWorkload = data.summary.byWorkload;
  if (byWorkload === undefined) return undefined;
  const workloads = (data.flags.workloads ?? []).filter((w) => byWorkload[w] !== undefined);
  const summaries = workloads.map((w) => byWorkload[w] as IngestWorkloadSummary);
  const bars = INGEST_BARS.filter((b) =>
    summaries.some((s) => (s.medianDeltasPerSecond[b.variant] ?? null) !== null),
  );
  const svg = renderChart(
    [
      {
        kind: 'bars',
        title: `Ingest throughput by workload (median of ${data.flags.rounds} round${data.flags.rounds === 1 ? '' : 's'})`,
        yLabel: 'deltas per second',
        groups: workloads.map((w, i) => {
          const s = summaries[i] as IngestWorkloadSummary;
          return w === 'updates'
            ? `updates: ${fmtInt(s.deltas)} deltas to ${fmtInt(s.records)} records`
            : `${w}: ${fmtInt(s.deltas)} new records`;
        }),
        series: bars.map((b) => ({
          name: b.name,
          color: b.color,
          values: summaries.map((s) => s.medianDeltasPerSecond[b.variant] ?? null),
          runs: summaries.map((s) => s.runsDeltasPerSecond[b.variant] ?? []),
        })),
      },
    ],
    {
      panelHeight: 420,
      caption: [
        ...workloads.map((w, i) => {
          const s = summaries[i] as IngestWorkloadSummary;
          return (
            `${w}: pipeline / lean ${fmt2(s.pipelineOverLean.median)}, pipeline / plain ${fmt2(s.pipelineOverPlain.median)}, ` +
            (s.threadOverLean === undefined || s.threadOverPlain === undefined
              ? ''
              : `writer thread / lean ${fmt2(s.threadOverLean.median)}, writer thread / plain ${fmt2(s.threadOverPlain.median)}, `) +
            `lean / plain ${fmt2(s.leanOverPlain.median)} (medians of per-round ratios); ` +
            `rows ${s.rowsIdentical ? 'identical' : 'DIFFER'} (pipeline, plain, lean)`
          );
        }),
        'Each run one child process into a fresh WAL database; pipeline, writer thread, plain, lean (and txn per delta) alternate ' +
          "within each round. pipeline: createMirror with defaults, latest schema; writer thread: the same with writer 'thread'. " +
          'plain: the loop of issue 2, on ' +
          'schema 4. lean: the same job per delta as the pipeline (dedupe, record read, event, record), by hand, ' +
          'latest schema.' +
          (bars.some((b) => b.variant === 'perDeltaTxn')
            ? ` Txn per delta: ${fmtInt(data.flags.perDeltaDeltas)} deltas, timed after ${fmtInt(data.flags.perDeltaAt)} written untimed.`
            : ''),
        `${data.command} (${data.finishedAt.slice(0, 10)}, node ${data.machine.node}, ${data.machine.cpus} CPUs)`,
      ],
    },
  );
  const file = join(dir, INGEST_CHART);
  writeFileSync(file, svg);
  return file;
};

/** Regenerates whichever charts have data in `dir`. */
export const writeCharts = (dir: string): string[] => [
  ...(existsSync(join(dir, 'memory.json')) ? [writeRssChart(dir)] : []),
  ...(existsSync(join(dir, 'batch-size.json')) ? [writeBatchChart(dir)] : []),
  ...(existsSync(join(dir, 'ingest.json')) ? [writeIngestChart(dir)].filter((f) => f !== undefined) : []),
];
