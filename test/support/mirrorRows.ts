import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { connectionOf } from '../../src/store/connectionOf.js';

/** Every row of mirror_records, in key order: what a replay must rebuild exactly. */
export const fullRecords = (store: MirrorStore) =>
  connectionOf(store).prepare('SELECT * FROM mirror_records ORDER BY resource, record_id').all();

/** Every row of mirror_tombstones, in key order. */
export const tombstones = (store: MirrorStore) =>
  connectionOf(store).prepare('SELECT * FROM mirror_tombstones ORDER BY resource, record_id').all();
