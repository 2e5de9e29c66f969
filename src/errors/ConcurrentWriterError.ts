import { MirrorError } from './MirrorError.js';

/**
 * The stored state changed under the pipeline: another writer touched the record (or cursor)
 * between the decision and the commit. The batch was rolled back.
 */
export class ConcurrentWriterError extends MirrorError {
  readonly code = 'CONCURRENT_WRITER';
  override name = 'ConcurrentWriterError';

  constructor(
    readonly resource: string,
    readonly recordId: string,
    readonly expectedVersion: number | null,
  ) {
    super(
      `${resource}/${recordId} changed under the mirror (expected version ${expectedVersion ?? 'none'}): is a second writer using this database? The batch was rolled back.`,
    );
  }
}
