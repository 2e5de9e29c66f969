import { causeMessage } from './describeCause.js';
import { MirrorError } from './MirrorError.js';

/**
 * The database file is damaged or is not a mirror database: SQLite reported `SQLITE_CORRUPT` or
 * `SQLITE_NOTADB`, or the file is empty although it exists. oxide-mirror never starts an empty mirror
 * over it; restore the file (with its `-wal`) from a backup, or move it away to start over.
 */
export class StorageCorruptError extends MirrorError {
  readonly code = 'STORAGE_CORRUPT';
  override name = 'StorageCorruptError';
  readonly sqliteCode: string | undefined;

  constructor(
    readonly operation: string,
    readonly path: string,
    readonly reason: string,
    options: { cause?: unknown; sqliteCode?: string } = {},
  ) {
    const cause = options.cause === undefined ? '' : ` (${causeMessage(options.cause)})`;
    super(
      `${operation} failed on ${path}: ${reason}${cause}. Nothing was written; restore the file and its -wal from a backup, or move it away to start a new mirror`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.sqliteCode = options.sqliteCode;
  }
}
