import { existsSync, linkSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { MirrorError } from '../errors/MirrorError.js';
import { StorageCorruptError } from '../errors/StorageCorruptError.js';
import { storageErrorFrom } from '../errors/storageErrorFrom.js';
import { bindConnection } from './connectionOf.js';
import { inspectWal } from './inspectWal.js';
import { migrate } from './migrate.js';
import type { MirrorStore } from './MirrorStore.js';
import { prepareCountEvents } from './statements/countEvents.js';
import { prepareCountRecordsByResource } from './statements/countRecordsByResource.js';
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

/** The writer's SQLite page cache, in MiB, by default. */
export const DEFAULT_CACHE_SIZE_MIB = 32;

export interface OpenStoreOptions {
  /** Database file, created if missing; `:memory:` for an in-memory mirror. */
  readonly path: string;
  readonly busyTimeoutMs?: number;
  /**
   * SQLite page cache for the writer, in MiB. Default {@link DEFAULT_CACHE_SIZE_MIB}: `npm run bench`
   * found 64 no faster at 1M deltas, and 37 MiB more at peak RSS (the 10M-delta run's margin under
   * 300 MB).
   */
  readonly cacheSizeMiB?: number;
  /**
   * The most the database may grow to, in MiB (SQLite's `max_page_count`); no limit by default. A
   * batch that would pass it is rolled back whole and the run fails with a `StorageFullError`.
   */
  readonly maxSizeMiB?: number;
  /** Receives a warning when SQLite is about to drop the cut-off end of a `-wal` file. */
  readonly logger?: Logger;
  /** Called with every SQL statement the writer connection runs (better-sqlite3's `verbose`): for debugging and tests. */
  readonly verbose?: (sql: string) => void;
}

const OPENING = 'opening the mirror database';

/**
 * A new database file appears complete or not at all: it is created and migrated under a temporary
 * name, then linked into place (never over a file another process created meanwhile). So a file at
 * `path` always holds the schema, and an empty one can only mean damage, never a fresh start.
 */
const createAtomically = (path: string): void => {
  const temporary = `${path}.creating-${process.pid}-${Date.now()}`;
  try {
    const db = new Database(temporary);
    try {
      migrate(db);
    } finally {
      db.close();
    }
    try {
      linkSync(temporary, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
};

/**
 * Refuses what SQLite would silently treat as a new, empty database, or silently cut short: an empty
 * file, a `-wal` file damaged in the middle or with a garbled header. Warns of a `-wal` that ends
 * inside a frame (a torn last write, as a power loss leaves): SQLite recovers to the last whole
 * commit before it, and the cursors, stored in the same transactions, go back with it.
 */
const checkExistingFile = (path: string, logger: Logger | undefined): void => {
  if (statSync(path).size === 0) {
    throw new StorageCorruptError(
      OPENING,
      path,
      'the file exists but is empty (0 bytes), so it is not the mirror it names; a mirror database always holds its schema',
    );
  }
  const wal = inspectWal(path);
  const moveAway = `Move ${path}-wal away to open the mirror as of its last checkpoint (the sources deliver the rest again from the cursors stored then)`;
  if (wal.kind === 'damaged') {
    throw new StorageCorruptError(
      OPENING,
      path,
      `the -wal file is damaged at frame ${wal.frame} of ${wal.frames} (a checksum fails, later frames are intact), so SQLite would silently drop every commit from there on. ${moveAway}`,
    );
  }
  if (wal.kind === 'badHeader' && wal.bytes >= 32) {
    throw new StorageCorruptError(
      OPENING,
      path,
      `the -wal file (${wal.bytes} bytes) has a header SQLite does not recognise, so it would silently ignore every commit in it. ${moveAway}`,
    );
  }
  if (wal.kind === 'partialTail' || wal.kind === 'badHeader') {
    logger?.warn(
      { path, wal },
      'the -wal file ends inside a frame (a cut or torn write): SQLite recovers up to the last whole commit before it, and the sources deliver the rest again',
    );
  }
};

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
  const { path, maxSizeMiB } = options;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const cacheSizeMiB = options.cacheSizeMiB ?? DEFAULT_CACHE_SIZE_MIB;
  if (maxSizeMiB !== undefined && !(Number.isInteger(maxSizeMiB) && maxSizeMiB > 0)) {
    throw new InvalidOptionsError('maxSizeMiB', maxSizeMiB, 'expected a positive whole number of MiB');
  }
  let db: Database.Database | undefined;
  try {
    if (path !== IN_MEMORY && path !== '') {
      if (existsSync(path)) checkExistingFile(path, options.logger);
      else createAtomically(path);
    }
    db = new Database(path, {
      timeout: busyTimeoutMs,
      ...(options.verbose === undefined ? {} : { verbose: (sql: unknown) => options.verbose?.(String(sql)) }),
    });
    if (path !== IN_MEMORY) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not switch to WAL (journal_mode is ${String(mode)})`);
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-1024 * cacheSizeMiB}`);
    if (maxSizeMiB !== undefined) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.floor((maxSizeMiB * 1024 * 1024) / pageSize)}`);
    }
    const { version } = migrate(db);
    const open = db;
    return bindConnection(
      {
        path,
        schemaVersion: version,
        maxSizeMiB,
        busyTimeoutMs,
        cacheSizeMiB,
        readRecord: prepareReadRecord(open),
        readTombstone: prepareReadTombstone(open),
        listRecords: prepareListRecords(open),
        listResources: prepareListResources(open),
        countByResource: prepareCountRecordsByResource(open),
        readCursor: prepareReadCursor(open),
        isKnownDelta: prepareIsKnownDelta(open),
        countEvents: prepareCountEvents(open),
        close: () => open.close(),
      },
      open,
    );
  } catch (cause) {
    db?.close();
    if (cause instanceof MirrorError) throw cause;
    throw storageErrorFrom(OPENING, path, cause, maxSizeMiB);
  }
};
