import type { MirrorStore } from './MirrorStore.js';

/** A stored cursor: where a source resumes for a resource, and when it was committed. */
export interface StoredCursor {
  readonly source: string;
  readonly resource: string;
  readonly cursor: string;
  readonly updatedAt: string;
}

/** Every stored cursor, by source then resource. */
export const listCursors = (store: MirrorStore): StoredCursor[] =>
  store.db
    .prepare<[], StoredCursor>(
      'SELECT source, resource, cursor, updated_at AS updatedAt FROM mirror_cursors ORDER BY source, resource',
    )
    .all();
