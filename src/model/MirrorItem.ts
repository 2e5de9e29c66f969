import type { DecodeIssue } from '../errors/DecodeError.js';
import type { Delta } from './Delta.js';
import type { DeltaKey } from './deltaKey.js';

/**
 * What the pipeline knows of a delta from the edge on: the id of the source it came through, the
 * delta in canonical form, its identifying key and its payload as canonical JSON (computed once, at
 * the edge, and reused by dedupe, ordering and the writer).
 */
export interface DeltaFields {
  readonly source: string;
  readonly delta: Delta;
  readonly key: DeltaKey;
  readonly payloadJson: string;
}

/** A delta on its way from the edge to the writer. */
export interface DeltaItem extends DeltaFields {
  readonly kind: 'delta';
}

/**
 * A source's cursor for one resource: every item the source emitted before it is covered.
 * The writer stores it in the transaction that commits the last item it covers, never earlier.
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

/**
 * The one item type that flows from the edge (`toMirrorItem`) through the operators to the writer:
 * deltas, with cursor checkpoints and rejects in stream order, tagged by `kind`.
 */
export type MirrorItem = DeltaItem | CheckpointItem | RejectItem;
