import { MirrorError } from './MirrorError.js';

/**
 * An argument that says what to query is unusable: the SQL is missing, given twice or empty, its file
 * cannot be read, or a `--param` value cannot be bound. Names the argument (`SQL`, `--file`, `stdin`,
 * `--param`) and the offending input; the CLI reports it as wrong usage (exit 2).
 */
export class QueryArgumentError extends MirrorError {
  readonly code = 'QUERY_ARGUMENT';
  override name = 'QueryArgumentError';

  constructor(
    readonly argument: string,
    readonly value: string | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${argument}: ${reason}`, options);
  }
}
