import { MirrorError } from './MirrorError.js';

/** A delta built in code (not decoded) broke an invariant, e.g. a confidence that is not a number. */
export class InvalidDeltaError extends MirrorError {
  readonly code = 'INVALID_DELTA';
  override name = 'InvalidDeltaError';

  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly resource: string,
    readonly recordId: string,
    reason: string,
  ) {
    super(`delta ${resource}/${recordId}: ${field}: ${reason} (got ${String(value)})`);
  }
}
