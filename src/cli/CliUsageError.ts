/** Wrong command-line usage: printed with the usage text, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
