import type { FormattableResult } from './FormattableResult.js';

/**
 * Renders a query result's rows as newline-delimited JSON: one compact JSON object per line, each line
 * ended by `\n` (so pages can be appended to one file); no rows give the empty string. JSON escapes any
 * newline inside a value, so a row is always exactly one line.
 */
export const formatNdjson = (result: Pick<FormattableResult, 'rows'>): string =>
  result.rows.map((row) => `${JSON.stringify(row)}\n`).join('');
