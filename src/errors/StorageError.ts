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
    const cause = options.cause;
    const sqliteCode =
      cause instanceof Error && typeof (cause as unknown as { code?: unknown }).code === 'string'
        ? (cause as unknown as { code: string }).code
        : undefined;
    super(
      `${operation} failed on ${path}: ${cause instanceof Error ? cause.message : String(cause)}${sqliteCode === undefined ? '' : ` (${sqliteCode})`}`,
      options,
    );
    this.sqliteCode = sqliteCode;
  }
}
