import { MirrorError } from './MirrorError.js';

/** A strategy was asked for by a name that is neither built in nor registered. */
export class UnknownStrategyError extends MirrorError {
  readonly code = 'UNKNOWN_STRATEGY';
  override name = 'UnknownStrategyError';

  /** `hint`, when given, says where the name came from and how to make it known (appended in parentheses). */
  constructor(
    readonly strategy: string,
    readonly known: readonly string[],
    hint?: string,
  ) {
    super(
      `unknown conflict strategy "${strategy}"; known: ${known.join(', ')}${hint === undefined ? '' : ` (${hint})`}`,
    );
  }
}
