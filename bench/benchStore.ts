import { createHash } from 'node:crypto';
import { openStore } from '../src/store/openStore.js';
import type { MirrorStore } from '../src/store/MirrorStore.js';
import { connectionOf } from '../src/store/connectionOf.js';

/** The source id every variant writes as `mirror_events.source_id` (the pipeline's source key). */
export const BENCH_SOURCE_ID = 'erp-api';

/** Opens a fresh file store exactly as the library does (WAL, pragmas, migrations), so every variant has the same schema. */
export const openBenchStore = (path: string): MirrorStore => openStore({ path });

/** What a variant left in its database, for checking that the variants wrote the same rows. */
export interface StoreDigest {
  readonly events: number;
  readonly records: number;
  /** SHA-256 over every event row, by delta key, without `seq` and `committed_at` (which differ by design). */
  readonly eventsDigest: string;
  /** SHA-256 over every record row, by id, without `last_synced_at` (a wall-clock time). */
  readonly recordsDigest: string;
  readonly cursors: readonly { source: string; resource: string; cursor: string }[];
}

/** Reads back the store after a run (outside the timed region). */
export const digestStore = (store: MirrorStore): StoreDigest => {
  const db = connectionOf(store);
  const hash = (sql: string): { digest: string; rows: number } => {
    const h = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare<[], unknown[]>(sql).raw().iterate()) {
      h.update(JSON.stringify(row));
      h.update('\n');
      rows++;
    }
    return { digest: h.digest('hex').slice(0, 16), rows };
  };
  const events = hash(
    `SELECT delta_key, source_id, resource, record_id, op, payload, occurred_at, provenance_source, confidence,
            strategy, decision, reason, result_payload, version
       FROM mirror_events ORDER BY delta_key`,
  );
  const records = hash(
    `SELECT resource, record_id, payload, source, confidence, version, occurred_at, delta_key
       FROM mirror_records ORDER BY resource, record_id`,
  );
  const cursors = db
    .prepare<[], { source: string; resource: string; cursor: string }>(
      'SELECT source, resource, cursor FROM mirror_cursors ORDER BY source, resource',
    )
    .all();
  return {
    events: events.rows,
    records: records.rows,
    eventsDigest: events.digest,
    recordsDigest: records.digest,
    cursors,
  };
};
