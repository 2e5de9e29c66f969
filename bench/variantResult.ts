import type { StoreDigest } from './benchStore.js';
import type { DeltaOrder } from './generateDeltas.js';

export { RESULT_PREFIX } from './childProcess.js';

export const VARIANTS = ['pipeline', 'pipelineThread', 'plain', 'lean', 'perDeltaTxn'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The ingest step's streams: `updates` (scattered updates to `--records` records), `first-sync` (new records in id order). */
export const WORKLOADS = ['updates', 'first-sync'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** The delta stream of each workload. */
export const WORKLOAD_ORDER: Record<Workload, DeltaOrder> = {
  updates: 'scattered',
  'first-sync': 'new-in-id-order',
};

/** What the orchestrator asks one child process to do. */
export interface VariantJob {
  readonly variant: Variant;
  readonly workload: Workload;
  /**
   * A fresh database file: the child creates it with `openStore` (the latest schema), or at schema
   * version 4 for the `plain` loop.
   */
  readonly dbPath: string;
  /** Deltas to ingest (and time). */
  readonly deltas: number;
  /**
   * Deltas of the same stream written first by the lean loop, untimed, so that the measured deltas
   * meet a database of that size (used for the per-delta-transaction run; 0 for a fresh database).
   */
  readonly prefill: number;
  readonly records: number;
  readonly seed: number;
  readonly jitterMs: number;
  /** The pipeline's `batchSize` (the `batch-size` step); undefined: the library's default. */
  readonly batchSize?: number;
}

/** What a child reports back (one JSON line on stdout). */
export interface VariantResult extends StoreDigest {
  readonly variant: Variant;
  readonly workload: Workload;
  readonly deltas: number;
  readonly prefill: number;
  readonly batchSize: number | null;
  /** Deltas written (applied) by the variant. */
  readonly written: number;
  /** Wall time of the ingest alone (the store is already open and migrated; the read-back is not timed). */
  readonly seconds: number;
  readonly deltasPerSecond: number;
  /** CPU time of the ingest (`process.cpuUsage`), in seconds: steadier than wall time on a shared machine. */
  readonly cpuUserSeconds: number;
  readonly cpuSystemSeconds: number;
  /** `process.resourceUsage().maxRSS` right after the ingest, in MiB: the child's peak resident memory. */
  readonly peakRssMiB: number;
  /** Database file plus WAL after the ingest, in MiB. */
  readonly dbMiB: number;
}
