/**
 * Wrong command-line usage found after the arguments were parsed (an input named right but unusable:
 * a `--db` that does not exist, a `--strategies` module that does not load): exit code 2, printed as
 * one line and a pointer to the command's `--help` (see `formatUsageError`).
 */
export class CliUsageError extends Error {
  override name = 'CliUsageError';

  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
