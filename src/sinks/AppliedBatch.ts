import type { Decision, RefusedDelta } from '../model/DecidedBatch.js';
import type { Delta } from '../model/Delta.js';
import type { CheckpointItem, DeltaItem, RejectItem } from '../model/MirrorItem.js';
import type { MirroredRecord } from '../model/MirroredRecord.js';
import type { Timestamp } from '../model/Timestamp.js';

/** One delta's committed effect, as live subscribers see it. */
export interface AppliedChange {
  /** Its event's sequence number in `mirror_events`. */
  readonly seq: number;
  /** The id of the source the delta came through. */
  readonly source: string;
  readonly delta: Delta;
  readonly decision: Decision;
  readonly reason: string | undefined;
  /** The record's version after the change (unchanged for skips); undefined if no record exists. */
  readonly version: number | undefined;
  /** The record as committed; undefined after a delete, or for a skip when no record exists. */
  readonly record: MirroredRecord | undefined;
}

/** What one transaction committed. Emitted only after COMMIT. */
export interface AppliedBatch {
  readonly committedAt: Timestamp;
  readonly changes: readonly AppliedChange[];
  readonly rejects: readonly RejectItem[];
  readonly checkpoints: readonly CheckpointItem[];
  /** Deltas refused by their strategy or the store, kept in `mirror_rejects` instead of the log. */
  readonly refusals: readonly RefusedDelta[];
  /** Deltas the writer dropped as already in the event log or earlier in the batch. */
  readonly duplicates: readonly DeltaItem[];
}
