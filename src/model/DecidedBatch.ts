import type { CheckpointItem, DeltaItem, RejectItem } from './MirrorItem.js';
import type { MirroredRecord } from './MirroredRecord.js';
import type { Timestamp } from './Timestamp.js';

/** What happened to a delta: written as is, written as a merge, or logged and left. */
export type Decision = 'applied' | 'merged' | 'skipped';

/** A delta with its strategy's decision and the record state it leads to. */
export interface DecidedDelta {
  readonly kind: 'decided';
  readonly item: DeltaItem;
  readonly strategy: string;
  readonly decision: Decision;
  /** Why a delta was skipped. */
  readonly reason: string | undefined;
  /** For merges: the canonical JSON written instead of the incoming payload. */
  readonly mergedJson: string | undefined;
  /** The record's version before (from the record, else its tombstone); undefined if never seen. */
  readonly previousVersion: number | undefined;
  readonly recordExisted: boolean;
  readonly tombstoneExisted: boolean;
  /** The version after: new for applied changes, unchanged for skips, undefined if there is no record. */
  readonly version: number | undefined;
  /** The record after the decision; undefined when it does not (or no longer) exist. */
  readonly after: MirroredRecord | undefined;
}

export type DecidedItem = DecidedDelta | CheckpointItem | RejectItem;

/** One batch of decided items, stamped with the time its transaction records as `committed_at`. */
export interface DecidedBatch {
  readonly decidedAt: Timestamp;
  readonly items: readonly DecidedItem[];
}
