import { MirrorError } from './MirrorError.js';

/** A conflict strategy threw or answered something that is not a resolution. */
export class StrategyError extends MirrorError {
  readonly code = 'STRATEGY_FAILED';
  override name = 'StrategyError';

  constructor(
    readonly strategy: string,
    readonly resource: string,
    readonly recordId: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`strategy ${strategy} failed for ${resource}/${recordId}: ${reason}`, options);
  }
}
