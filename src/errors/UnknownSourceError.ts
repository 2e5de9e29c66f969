import { MirrorError } from './MirrorError.js';

/** A sync or cursor operation named a source id that is not configured. */
export class UnknownSourceError extends MirrorError {
  readonly code = 'UNKNOWN_SOURCE';
  override name = 'UnknownSourceError';

  constructor(
    readonly source: string,
    readonly known: readonly string[],
  ) {
    super(
      `unknown source "${source}"; configured sources: ${known.length === 0 ? '(none)' : known.join(', ')}`,
    );
  }
}
