import type { MirrorError } from '../errors/MirrorError.js';
import type { CheckpointItem, DeltaFields, RejectItem } from './MirrorItem.js';
import type { MirroredRecord, Tombstone } from './MirroredRecord.js';
import type { Timestamp } from './Timestamp.js';

/** What happened to a delta: written as is, written as a merge, or logged and left. */
export type Decision = 'applied' | 'merged' | 'skipped';

/**
 * A delta with its strategy's decision and what that decision produces, which is what the writer
 * writes: its event, and the record (or tombstone) after it.
 */
export interface DecidedDelta extends DeltaFields {
  readonly kind: 'decided';
  readonly strategy: string;
  readonly decision: Decision;
  /** Why a delta was skipped. */
  readonly reason: string | undefined;
  /** For merges: the canonical JSON written instead of the incoming payload. */
  readonly mergedJson: string | undefined;
  /** The record's version before (from the record, else its tombstone); undefined if never seen. */
  readonly previousVersion: number | undefined;
  /**
   * The seq of the record's last event before this one (its history head: what the event's `prev_seq`
   * links to; null when it has none), as the decision's read found it in the store; undefined when not
   * known (the state came from earlier deltas of the batch, or from a read that does not report it),
   * and the writer looks it up.
   */
  readonly previousSeq: number | null | undefined;
  /** Whether a live record existed before (a delete removes it, at `previousVersion`). */
  readonly recordExisted: boolean;
  /** Whether a tombstone existed before (an upsert clears it). */
  readonly tombstoneExisted: boolean;
  /** The version after: new for applied changes, unchanged for skips, undefined if there is no record. */
  readonly version: number | undefined;
  /** The record after the decision; undefined when it does not (or no longer) exist. */
  readonly after: MirroredRecord | undefined;
  /** The tombstone an applied delete leaves; undefined otherwise. */
  readonly tombstoneAfter: Tombstone | undefined;
}

/**
 * Where a delta was refused: its strategy could not decide it (threw, or answered something that is not
 * a resolution), or the store would not take it (a constraint, a value too big).
 */
export type RefusalStage = 'decide' | 'store';

/**
 * A delta that could not be decided or stored. It is not in the event log (it changed nothing); it is
 * kept in `mirror_rejects` with its stage and reason, and the rest of its batch commits.
 */
export interface RefusedDelta extends DeltaFields {
  readonly kind: 'refused';
  readonly stage: RefusalStage;
  readonly error: MirrorError;
}

/**
 * What a mirror does with a delta it cannot decide or store: `record` it as refused and go on (the
 * default, as Kafka Connect's `errors.tolerance = all` with a dead-letter queue), or `fail` the run,
 * rolling back the batch.
 */
export type RefusalPolicy = 'record' | 'fail';

export type DecidedItem = DecidedDelta | RefusedDelta | CheckpointItem | RejectItem;

/** One batch of decided items, stamped with the time its transaction records as `committed_at`. */
export interface DecidedBatch {
  readonly decidedAt: Timestamp;
  readonly items: readonly DecidedItem[];
}
