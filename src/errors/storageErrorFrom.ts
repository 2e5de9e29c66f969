import { causeCode } from './describeCause.js';
import { StorageCorruptError } from './StorageCorruptError.js';
import { StorageError } from './StorageError.js';
import { StorageFullError } from './StorageFullError.js';

/**
 * The typed error for a SQLite failure: {@link StorageFullError} for `SQLITE_FULL`,
 * {@link StorageCorruptError} for `SQLITE_CORRUPT*` and `SQLITE_NOTADB`, else {@link StorageError}.
 */
export const storageErrorFrom = (
  operation: string,
  path: string,
  cause: unknown,
  maxSizeMiB?: number,
): StorageError | StorageFullError | StorageCorruptError => {
  const code = causeCode(cause);
  if (code === 'SQLITE_FULL') return new StorageFullError(operation, path, maxSizeMiB, { cause });
  if (code === 'SQLITE_NOTADB') {
    return new StorageCorruptError(operation, path, 'the file is not a SQLite database', {
      cause,
      sqliteCode: code,
    });
  }
  if (code?.startsWith('SQLITE_CORRUPT') === true) {
    return new StorageCorruptError(operation, path, 'the database file is corrupt', {
      cause,
      sqliteCode: code,
    });
  }
  return new StorageError(operation, path, { cause });
};
