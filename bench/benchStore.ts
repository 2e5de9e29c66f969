import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/openStore.js';
import type { MirrorStore } from '../src/store/MirrorStore.js';
import { connectionOf } from '../src/store/connectionOf.js';
import { migrate } from '../src/store/migrate.js';
import { MIGRATIONS } from '../src/store/migrations.js';

/** The source id every variant writes as `mirror_events.source_id` (the pipeline's source key). */
export const BENCH_SOURCE_ID = 'erp-api';

/** Opens a fresh file store exactly as the library does (WAL, pragmas, migrations), so every variant has the same schema. */
export const openBenchStore = (path: string): MirrorStore => openStore({ path });

/**
 * The schema the `plain` loop was written for and keeps measuring: migrations 1–4, before the event
 * log was reshaped (migration 5: batches, `prev_seq`, the dedupe index on `(occurred_at, delta_key)`).
 */
export const PLAIN_SCHEMA_VERSION = 4;

/** The connection settings `openStore` gives its writer; {@link openDatabaseAtVersion} copies them. */
const WRITER_PRAGMAS = [
  'journal_mode',
  'synchronous',
  'cache_size',
  'wal_autocheckpoint',
  'busy_timeout',
] as const;

/**
 * A fresh database file at an older schema version: the pragmas `openStore` sets (read back from a
 * store it opens beside `path`, then removed, so that they follow the library rather than a copy of
 * its constants), then `MIGRATIONS` up to `version`, applied and recorded in `mirror_schema_migrations`
 * by the library's own `migrate`. A raw connection: `openStore` would migrate it to the latest schema.
 */
export const openDatabaseAtVersion = (path: string, version: number): Database.Database => {
  const probePath = `${path}.pragma-probe`;
  const probe = openStore({ path: probePath });
  let settings: [string, unknown][];
  try {
    const probeDb = connectionOf(probe);
    settings = WRITER_PRAGMAS.map((name) => [name, probeDb.pragma(name, { simple: true })]);
  } finally {
    probe.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${probePath}${suffix}`, { force: true });
  }
  const steps = MIGRATIONS.filter((m) => m.version <= version);
  if (steps[steps.length - 1]?.version !== version) throw new Error(`no migration ${version} to stop at`);
  const db = new Database(path);
  try {
    for (const [name, value] of settings) {
      const set: unknown = db.pragma(`${name} = ${String(value)}`, { simple: true });
      if (name === 'journal_mode' && set !== value)
        throw new Error(`journal_mode is ${String(set)}, not ${String(value)}`);
    }
    migrate(db, steps);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
};

/** What a variant left in its database, for checking that the variants wrote the same rows. */
export interface StoreDigest {
  readonly events: number;
  readonly records: number;
  /**
   * SHA-256 over every event row, by delta key, over the columns every schema version has: without
   * `seq`, `committed_at` (before migration 5) or `batch` and `prev_seq` (since), which differ by design.
   */
  readonly eventsDigest: string;
  /** SHA-256 over every record row, by id, without `last_synced_at` (a wall-clock time) and `last_seq`. */
  readonly recordsDigest: string;
  /**
   * Since migration 5: SHA-256 over the history chains with each seq replaced by its event's delta key
   * (every event's `prev_seq`, every record's `last_seq`), so that two logs written in different
   * orders compare; null on a schema without them.
   */
  readonly chainsDigest: string | null;
  readonly cursors: readonly { source: string; resource: string; cursor: string }[];
}

/** Reads back a mirror database of any schema version after a run (outside the timed region). */
export const digestDatabase = (db: Database.Database): StoreDigest => {
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
  const hasChains = db
    .prepare<[], string>("SELECT name FROM pragma_table_info('mirror_events') WHERE name = 'prev_seq'")
    .pluck()
    .get();
  const chains =
    hasChains === undefined
      ? null
      : hash(
          `SELECT 'event', e.delta_key, p.delta_key
             FROM mirror_events e LEFT JOIN mirror_events p ON p.seq = e.prev_seq
           UNION ALL
           SELECT 'record', r.resource || '/' || r.record_id, h.delta_key
             FROM mirror_records r LEFT JOIN mirror_events h ON h.seq = r.last_seq
           UNION ALL
           SELECT 'tombstone', t.resource || '/' || t.record_id, h.delta_key
             FROM mirror_tombstones t LEFT JOIN mirror_events h ON h.seq = t.last_seq
           ORDER BY 1, 2`,
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
    chainsDigest: chains === null ? null : chains.digest,
    cursors,
  };
};

/** {@link digestDatabase} of a store `openStore` opened. */
export const digestStore = (store: MirrorStore): StoreDigest => digestDatabase(connectionOf(store));
