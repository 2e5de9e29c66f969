import { MirrorError } from './MirrorError.js';

/** The read-only query interface refused a statement (it writes, attaches, changes settings, or is not one statement). */
export class QueryRefusedError extends MirrorError {
  readonly code = 'QUERY_REFUSED';
  override name = 'QueryRefusedError';

  constructor(
    readonly sql: string,
    readonly reason: string,
  ) {
    super(`query refused: ${reason}`);
  }
}
