import { causeMessage } from './describeCause.js';
import { MirrorError } from './MirrorError.js';

/**
 * SQLite could not grow the database (`SQLITE_FULL`): the disk is full, or the file reached the
 * size limit the store was opened with (`maxSizeMiB`). The write that hit it was rolled back whole;
 * the database is as it was before that batch, and a later run resumes from the stored cursors.
 */
export class StorageFullError extends MirrorError {
  readonly code = 'STORAGE_FULL';
  override name = 'StorageFullError';
  readonly sqliteCode = 'SQLITE_FULL';

  constructor(
    readonly operation: string,
    readonly path: string,
    /** The limit the store was opened with, if any. */
    readonly maxSizeMiB: number | undefined,
    options: { cause: unknown },
  ) {
    const limit =
      maxSizeMiB === undefined
        ? 'the disk is full'
        : `the database reached its size limit of ${maxSizeMiB} MiB (maxSizeMiB), or the disk is full`;
    super(
      `${operation} failed on ${path}: ${limit}; the write was rolled back, nothing of it is stored. Free space or raise the limit, then run again: it resumes from the stored cursors (${causeMessage(options.cause)})`,
      options,
    );
  }
}
