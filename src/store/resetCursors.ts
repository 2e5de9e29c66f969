import { UnknownSourceError } from '../errors/UnknownSourceError.js';
import { connectionOf } from './connectionOf.js';
import { listCursors, type StoredCursor } from './listCursors.js';
import { prepareDeleteCursor } from './statements/deleteCursor.js';
import type { MirrorStore } from './MirrorStore.js';

export interface ResetCursorsOptions {
  readonly source: string;
  /** Only this resource's cursor; all of the source's by default. */
  readonly resource?: string;
}

/**
 * Rewinds a source: removes its stored cursors (or one resource's), so its next run pulls from the
 * start. Nothing else changes: deltas it delivers again are found in the event log and skipped, so
 * only what changed is applied. A sync running on the same file meanwhile fails its next batch with
 * `CursorMovedError` rather than storing a cursor over the reset. Returns what was removed.
 *
 * @throws {UnknownSourceError} when no cursor matches, listing the sources that have one.
 */
export const resetCursors = (store: MirrorStore, options: ResetCursorsOptions): StoredCursor[] => {
  const db = connectionOf(store);
  const deleteCursor = prepareDeleteCursor(db);
  return db
    .transaction((): StoredCursor[] => {
      const stored = listCursors(store);
      const removed = stored.filter(
        (c) =>
          c.source === options.source && (options.resource === undefined || c.resource === options.resource),
      );
      if (removed.length === 0) {
        const known = [
          ...new Set(
            stored.map((c) => (options.resource === undefined ? c.source : `${c.source} (${c.resource})`)),
          ),
        ];
        const asked =
          options.resource === undefined ? options.source : `${options.source} (${options.resource})`;
        throw new UnknownSourceError(asked, known, 'stored cursors');
      }
      for (const c of removed) deleteCursor(c.source, c.resource);
      return removed;
    })
    .immediate();
};
