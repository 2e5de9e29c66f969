import type { FormattableResult } from './FormattableResult.js';

/**
 * The last line of a table or expanded listing: `(N rows)`, or `(truncated at N rows)` when the row limit
 * cut the result (more rows exist; narrow the query or page with LIMIT/OFFSET), or
 * `(N rows; truncated by the byte cap)` when its byte cap did.
 */
export const resultFooter = (
  result: Pick<FormattableResult, 'rows' | 'truncated' | 'truncatedBy'>,
): string => {
  const n = result.rows.length;
  const noun = n === 1 ? 'row' : 'rows';
  if (!result.truncated) return `(${n} ${noun})`;
  return result.truncatedBy === 'bytes'
    ? `(${n} ${noun}; truncated by the byte cap)`
    : `(truncated at ${n} ${noun})`;
};
