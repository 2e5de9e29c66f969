import type { Logger } from 'pino';
import type { Delta } from '../model/Delta.js';
import type { Rejection } from '../model/SourceEmission.js';

/** What a pull may use: a signal that aborts it when the mirror stops, and the source's logger. */
export interface PullContext {
  readonly signal: AbortSignal;
  readonly logger: Logger | undefined;
}

/** One page of changes, and the cursor to pull the next one from. */
export interface Page {
  /** Deltas in the source's order, and rejections for items that did not decode. */
  readonly emissions: readonly (Delta | Rejection)[];
  /** Covers everything in this page and before: stored once all of it is committed. */
  readonly cursor: string;
  /**
   * True when the source has more right now (pull again at once, from `cursor`, which must then differ
   * from the cursor this page was pulled from); false when caught up.
   */
  readonly hasMore: boolean;
}

/**
 * A pull-based source of one resource: give it the last cursor (undefined the first time), get a
 * page and the next cursor. `fromSyncSource` makes it a source of a mirror; its cursors are stored under
 * the mirror's key for it and that resource, in the transaction that commits the last delta they
 * cover, so a restart resumes exactly there.
 */
export interface SyncSource {
  readonly resource: string;
  pull(cursor: string | undefined, context: PullContext): Promise<Page>;
}
