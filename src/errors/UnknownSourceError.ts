import { MirrorError } from './MirrorError.js';

/** A sync or cursor operation named a source id that is not configured. */
export class UnknownSourceError extends MirrorError {
  readonly code = 'UNKNOWN_SOURCE';
  override name = 'UnknownSourceError';

  constructor(
    readonly source: string,
    readonly known: readonly string[],
    /** What `known` lists, for the message. */
    knownAs = 'configured sources',
  ) {
    super(`unknown source "${source}"; ${knownAs}: ${known.length === 0 ? '(none)' : known.join(', ')}`);
  }
}
