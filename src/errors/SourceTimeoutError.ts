import { MirrorError } from './MirrorError.js';

/** A source's pull did not settle in time: it was aborted, and the source ended with this error. */
export class SourceTimeoutError extends MirrorError {
  readonly code = 'SOURCE_TIMEOUT';
  override name = 'SourceTimeoutError';

  constructor(
    readonly source: string,
    readonly resource: string,
    readonly cursor: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(
      `source "${source}" (${resource}) at cursor ${cursor ?? '(start)'}: the pull did not settle within ${timeoutMs} ms (pullTimeoutMs); aborted`,
    );
  }
}
