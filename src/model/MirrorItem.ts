import type { DecodeIssue } from '../errors/DecodeError.js';
import type { Delta } from './Delta.js';
import type { DeltaKey } from './deltaKey.js';

/**
 * A delta on its way through the pipeline, with the id of the source it came through, its
 * identifying key and its payload in canonical JSON (computed once, reused by dedupe and the sink).
 */
export interface DeltaItem {
  readonly kind: 'delta';
  readonly source: string;
  readonly delta: Delta;
  readonly key: DeltaKey;
  readonly payloadJson: string;
}

/**
 * A source's cursor for one resource: every item the source emitted before it is covered.
 * The sink stores it in the transaction that commits the last item it covers, never earlier.
 */
export interface CheckpointItem {
  readonly kind: 'checkpoint';
  readonly source: string;
  readonly resource: string;
  readonly cursor: string;
}

/** Input a source could not decode. Kept in `mirror_rejects`, never dropped. */
export interface RejectItem {
  readonly kind: 'reject';
  readonly source: string;
  /** Where the input came from, e.g. `line 12`, a URL. */
  readonly location: string;
  /** The raw input (or its JSON), as received; cut to 1 MiB characters with a marker by `rejection()`. */
  readonly input: string;
  readonly issues: readonly DecodeIssue[];
}

/** What flows between the operators: deltas, with cursor checkpoints and rejects in stream order. */
export type MirrorItem = DeltaItem | CheckpointItem | RejectItem;
