import { MirrorError } from './MirrorError.js';

/** A read-only query was accepted but failed to run (syntax error, unknown column, time limit…). */
export class QueryError extends MirrorError {
  readonly code = 'QUERY_FAILED';
  override name = 'QueryError';

  constructor(
    readonly sql: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
