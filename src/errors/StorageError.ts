import { causeCode, causeMessage } from './describeCause.js';
import { MirrorError } from './MirrorError.js';

/** SQLite failed. `sqliteCode` is better-sqlite3's `SqliteError.code` (e.g. `SQLITE_FULL`), when there is one. */
export class StorageError extends MirrorError {
  readonly code = 'STORAGE_FAILED';
  override name = 'StorageError';
  readonly sqliteCode: string | undefined;

  constructor(
    readonly operation: string,
    readonly path: string,
    options: { cause: unknown },
  ) {
    const sqliteCode = causeCode(options.cause);
    super(
      `${operation} failed on ${path}: ${causeMessage(options.cause)}${sqliteCode === undefined ? '' : ` (${sqliteCode})`}`,
      options,
    );
    this.sqliteCode = sqliteCode;
  }
}
