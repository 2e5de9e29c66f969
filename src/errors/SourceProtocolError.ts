import { MirrorError } from './MirrorError.js';

/** A source answered something its contract rules out, e.g. a page that claims more but does not advance. */
export class SourceProtocolError extends MirrorError {
  readonly code = 'SOURCE_PROTOCOL';
  override name = 'SourceProtocolError';

  constructor(
    readonly source: string,
    readonly resource: string,
    readonly cursor: string | undefined,
    reason: string,
  ) {
    super(`source "${source}" (${resource}) at cursor ${cursor ?? '(start)'}: ${reason}`);
  }
}
