import { causeMessage } from './describeCause.js';
import { MirrorError } from './MirrorError.js';

/**
 * One or more sources errored. The other sources kept flowing, and everything received before the
 * failure was committed; a failed source's cursor stays at its last committed checkpoint.
 */
export class SourceFailedError extends MirrorError {
  readonly code = 'SOURCE_FAILED';
  override name = 'SourceFailedError';

  constructor(readonly failures: ReadonlyMap<string, unknown>) {
    const first = [...failures][0];
    const cause = first?.[1];
    super([...failures].map(([source, e]) => `source "${source}" failed: ${causeMessage(e)}`).join('; '), {
      cause,
    });
  }
}
