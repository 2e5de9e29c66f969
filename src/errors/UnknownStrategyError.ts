import { MirrorError } from './MirrorError.js';

/** A strategy was asked for by a name that is neither built in nor registered. */
export class UnknownStrategyError extends MirrorError {
  readonly code = 'UNKNOWN_STRATEGY';
  override name = 'UnknownStrategyError';

  constructor(
    readonly strategy: string,
    readonly known: readonly string[],
  ) {
    super(`unknown conflict strategy "${strategy}"; known: ${known.join(', ')}`);
  }
}
