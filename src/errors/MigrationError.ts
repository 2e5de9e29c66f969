import { MirrorError } from './MirrorError.js';

/** The database's schema history does not match this library's migrations, or a migration failed. */
export class MigrationError extends MirrorError {
  readonly code = 'MIGRATION_FAILED';
  override name = 'MigrationError';

  constructor(
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`migration ${migration}: ${message}`, options);
  }
}
