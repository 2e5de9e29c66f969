import type { Decision } from '../model/DecidedBatch.js';
import type { Delta } from '../model/Delta.js';
import type { DeltaKey } from '../model/deltaKey.js';
import type { Timestamp } from '../model/Timestamp.js';

/** One entry of the event log, as replay and projections read it. */
export interface LoggedEvent {
  readonly seq: number;
  readonly key: DeltaKey;
  /** The id of the source the delta came through. */
  readonly source: string;
  readonly delta: Delta;
  /** The delta's payload as stored (canonical JSON). */
  readonly payloadJson: string;
  readonly strategy: string;
  readonly decision: Decision;
  readonly reason: string | undefined;
  /** For merges: the payload that was written. */
  readonly resultPayloadJson: string | undefined;
  readonly version: number | undefined;
  /** The transaction that logged it (its `mirror_batches` row). */
  readonly batch: number;
  readonly committedAt: Timestamp;
}
