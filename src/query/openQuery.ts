import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { QueryError } from '../errors/QueryError.js';
import { StorageError } from '../errors/StorageError.js';
import { storageErrorFrom } from '../errors/storageErrorFrom.js';
import { guardStatement } from './guardStatement.js';
import type { MirrorQuery } from './MirrorQuery.js';
import type { QueryDatabase } from './QueryDatabase.js';
import { resolveQueryLimits, type QueryOptions } from './QueryOptions.js';
import { toBindArguments } from './QueryParams.js';
import { runQuery } from './runQuery.js';

const OPEN = 'open the read-only query connection';

/** better-sqlite3's busy timeout must be an integer in [0, 2^31 − 1]. */
const busyTimeout = (timeoutMs: number): number => Math.min(Math.ceil(timeoutMs), 0x7fffffff);

const openReadonly = (path: string, timeoutMs: number): QueryDatabase => {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeout(timeoutMs) });
  } catch (err) {
    if (!existsSync(path)) {
      throw new StorageError(OPEN, path, {
        cause: new Error('the database file does not exist (the query connection never creates one)', {
          cause: err,
        }),
      });
    }
    throw storageErrorFrom(OPEN, path, err);
  }
  try {
    // Defence in depth: the guard already refuses writes, and the file is opened read-only; query_only
    // also stops writes to the TEMP schema, which a read-only open does not cover.
    db.pragma('query_only = ON');
    // Read once now, so that a file that is not a database, or a WAL database whose -shm/-wal files can
    // neither be found nor created, fails here rather than at the first query.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (err) {
    db.close();
    if ((err as { code?: unknown }).code !== 'SQLITE_READONLY_DIRECTORY')
      throw storageErrorFrom(OPEN, path, err);
    throw new StorageError(OPEN, path, {
      cause: new Error(
        'SQLite must create the -wal/-shm files of this WAL database (the writer has closed it) but the ' +
          'directory is not writable; make the directory writable for this user, or read while the ' +
          'writer has the database open',
        { cause: err },
      ),
    });
  }
  return db;
};

/**
 * Opens a read-only query connection of its own on the mirror database at `path`.
 *
 * The connection is opened with `{ readonly: true, fileMustExist: true }` and `PRAGMA query_only`, and
 * works alongside the writer's WAL connection: readers see the last committed snapshot and never block the
 * writer. Reading a WAL database needs its `-shm` index: when the writer has it open, the reader shares
 * it; when the writer has closed (and SQLite removed `-wal`/`-shm`), SQLite (≥ 3.22) creates both files
 * for the reader, which needs a writable directory, and leaves them in place at close (a read-only
 * connection may not checkpoint or delete them; the next writer reuses them). In a read-only directory
 * with no `-shm`, opening fails with a {@link StorageError} that says so (better-sqlite3 offers no URI
 * filenames, so SQLite's `immutable=1` is not available; it would be unsafe next to a live writer anyway).
 *
 * @throws {@link StorageCorruptError} when the file is not a SQLite database or is damaged, and
 *   {@link StorageError} when it does not exist or cannot be read.
 * @throws {@link InvalidOptionsError} when `rowLimit`, `maxBytes` or `timeoutMs` is not a positive number.
 */
export const openQuery = (path: string, options: QueryOptions = {}): MirrorQuery => {
  const defaults = resolveQueryLimits(options);
  const db = openReadonly(path, defaults.timeoutMs);

  return {
    query(sql, params, callOptions) {
      const startedAt = performance.now();
      const limits = resolveQueryLimits(callOptions, defaults);
      if (!db.open) throw new QueryError(sql, 'query failed: the query connection is closed');
      const args = toBindArguments(params);
      const stmt = guardStatement(db, sql);
      return runQuery(stmt, args, { sql, ...limits, startedAt, now: () => performance.now() });
    },
    close() {
      if (db.open) db.close();
    },
  };
};
