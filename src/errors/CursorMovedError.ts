import { MirrorError } from './MirrorError.js';

/**
 * A source's stored cursor changed under the pipeline: between the run's start (or its own last
 * write) and this commit, another writer stored a different one. Caught by a compare-and-set on every
 * cursor write; the batch was rolled back, so the two writers cannot leave a cursor ahead of the data.
 */
export class CursorMovedError extends MirrorError {
  readonly code = 'CONCURRENT_WRITER';
  override name = 'CursorMovedError';

  constructor(
    readonly source: string,
    readonly resource: string,
    /** What this pipeline last knew the cursor to be (`undefined`: none stored). */
    readonly expected: string | undefined,
    /** What is stored now. */
    readonly found: string | undefined,
  ) {
    super(
      `the cursor of source "${source}" (${resource}) changed under the mirror: expected ${expected ?? '(none)'}, found ${found ?? '(none)'}. Is a second writer syncing this source into this database? The batch was rolled back.`,
    );
  }
}
