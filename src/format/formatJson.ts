import type { FormattableResult } from './FormattableResult.js';

/** Options of {@link formatJson}. */
export interface FormatJsonOptions {
  /** Spaces to indent nested levels with; 0 (the default) writes compact JSON on one line. */
  readonly indent?: number;
}

/**
 * Renders a query result's rows as one JSON array of row objects (`[{"id":"u1","n":1}, …]`), without a
 * final newline. Only the rows: whether the result was truncated is the caller's to report.
 */
export const formatJson = (
  result: Pick<FormattableResult, 'rows'>,
  options: FormatJsonOptions = {},
): string => JSON.stringify(result.rows, null, options.indent ?? 0);
