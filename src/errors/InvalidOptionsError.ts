import { MirrorError } from './MirrorError.js';

/** An option passed to a factory or the CLI is wrong. Names the option and why. */
export class InvalidOptionsError extends MirrorError {
  readonly code = 'INVALID_OPTIONS';
  override name = 'InvalidOptionsError';

  constructor(
    readonly option: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${option}: ${reason}`);
  }
}
