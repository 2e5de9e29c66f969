/**
 * Wrong command-line usage: exit code 2. Printed with the usage text, unless `withUsage` is false:
 * for an input that is named right but unusable (a module that does not load), where the usage text
 * would only bury the one line that says what is wrong with it.
 */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
  readonly withUsage: boolean;

  constructor(message: string, options: { readonly withUsage?: boolean; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.withUsage = options.withUsage ?? true;
  }
}
