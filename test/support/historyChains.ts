import { connectionOf } from '../../src/store/connectionOf.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';

/**
 * Each record's history as the chain gives it: from the head (`last_seq` of its record or tombstone)
 * along `prev_seq`, newest first, keyed `resource/record_id`. The same query README shows a user.
 */
export const historyChains = (store: MirrorStore): Record<string, number[]> => {
  const db = connectionOf(store);
  const heads = db
    .prepare(
      `SELECT resource, record_id, last_seq FROM mirror_records
       UNION ALL SELECT resource, record_id, last_seq FROM mirror_tombstones
       ORDER BY resource, record_id`,
    )
    .all() as { resource: string; record_id: string; last_seq: number }[];
  const chain = db
    .prepare<[number], number>(
      `WITH RECURSIVE history(seq) AS (
         SELECT ?
         UNION ALL
         SELECT e.prev_seq FROM mirror_events e JOIN history h ON e.seq = h.seq WHERE e.prev_seq IS NOT NULL)
       SELECT seq FROM history`,
    )
    .pluck();
  return Object.fromEntries(heads.map((h) => [`${h.resource}/${h.record_id}`, chain.all(h.last_seq)]));
};
