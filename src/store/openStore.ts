import Database from 'better-sqlite3';
import { MirrorError } from '../errors/MirrorError.js';
import { StorageError } from '../errors/StorageError.js';
import { migrate } from './migrate.js';
import type { MirrorStore } from './MirrorStore.js';
import { prepareIsKnownDelta } from './statements/isKnownDelta.js';
import { prepareListRecords } from './statements/listRecords.js';
import { prepareListResources } from './statements/listResources.js';
import { prepareReadCursor } from './statements/readCursor.js';
import { prepareReadRecord } from './statements/readRecord.js';
import { prepareReadTombstone } from './statements/readTombstone.js';

export const IN_MEMORY = ':memory:';
/** How long a write waits for a lock held by another connection before failing with SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/**
 * WAL size, in pages (4 KiB each), past which a commit checkpoints the WAL into the database file.
 * SQLite's default, 1,000 pages, is less than one batch: 1,000 deltas to random records touch about
 * 3,000 pages (event log, its two indexes, records), so every batch paid a checkpoint and its two
 * fsyncs. At 10,000 (about 40 MiB of WAL) a checkpoint comes every few batches and writes each page
 * changed in between once; `npm run bench` measured about +20% ingest throughput.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

export interface OpenStoreOptions {
  /** Database file, created if missing; `:memory:` for an in-memory mirror. */
  readonly path: string;
  readonly busyTimeoutMs?: number;
  /** SQLite page cache for the writer, in MiB. Default 64: keeps the event-log indexes hot. */
  readonly cacheSizeMiB?: number;
}

/**
 * Opens (creating if needed) a mirror database and migrates it.
 *
 * Durability: files use WAL with `synchronous = NORMAL`: a commit survives a process crash; a power
 * loss may lose the last commits but never corrupts the file. The WAL is checkpointed once it holds
 * about 40 MiB (see WAL_AUTOCHECKPOINT_PAGES), so the `-wal` file grows to about that size. Long-lived
 * readers can starve WAL checkpoints; the query module's reads are short and bounded, so the WAL is
 * checkpointed as usual.
 */
export const openStore = (options: OpenStoreOptions): MirrorStore => {
  const { path } = options;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    if (path !== IN_MEMORY) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not switch to WAL (journal_mode is ${String(mode)})`);
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-1024 * (options.cacheSizeMiB ?? 64)}`);
    const { version } = migrate(db);
    const countByResource = db.prepare<[], { resource: string; n: number }>(
      'SELECT resource, count(*) AS n FROM mirror_records GROUP BY resource ORDER BY resource',
    );
    const countEvents = db.prepare<[], number>('SELECT count(*) FROM mirror_events').pluck();
    const open = db;
    return {
      path,
      db: open,
      schemaVersion: version,
      readRecord: prepareReadRecord(open),
      readTombstone: prepareReadTombstone(open),
      listRecords: prepareListRecords(open),
      listResources: prepareListResources(open),
      countByResource: () => Object.fromEntries(countByResource.all().map((r) => [r.resource, r.n])),
      readCursor: prepareReadCursor(open),
      isKnownDelta: prepareIsKnownDelta(open),
      countEvents: () => countEvents.get() ?? 0,
      close: () => open.close(),
    };
  } catch (cause) {
    db?.close();
    if (cause instanceof MirrorError) throw cause;
    throw new StorageError('opening the mirror database', path, { cause });
  }
};
