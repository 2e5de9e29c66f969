import { displayWidth } from './displayWidth.js';
import type { FormattableResult } from './FormattableResult.js';
import type { FormatTableOptions } from './FormatTableOptions.js';
import { planTable, TABLE_SEPARATOR } from './planTable.js';
import { resultFooter } from './resultFooter.js';

export {
  DEFAULT_MAX_CELL_WIDTH,
  MIN_FITTED_COLUMN_WIDTH,
  type FormatTableOptions,
} from './FormatTableOptions.js';

/**
 * Renders a query result as an aligned text table for people and agents reading a terminal:
 *
 * ```text
 * resource | record_id | version
 * ---------+-----------+--------
 * users    | u1        |       1
 * (1 row)
 * ```
 *
 * - header row, a `-+-` rule, one line per row, then `(N rows)`, or `(truncated at N rows)` when the
 *   result was truncated (more rows exist; narrow the query or page with LIMIT/OFFSET), or
 *   `(N rows; truncated by the byte cap)` when its byte cap cut it;
 * - numbers are right-aligned, everything else left-aligned; NULL is shown as `NULL`;
 * - objects and arrays are compact JSON; control characters are escaped so every row stays one line;
 * - cells wider than `maxCellWidth` (default {@link DEFAULT_MAX_CELL_WIDTH}) are cut with `…`, and with
 *   `maxTableWidth` the widest columns are cut further until the table fits (see {@link planTable});
 *   {@link formatTableForTerminal} shows a table too wide for that one field per line instead;
 * - widths count terminal cells (wide CJK characters and emoji count two); trailing spaces are trimmed.
 *
 * Returns the lines joined with `\n`, without a final newline.
 */
export const formatTable = (
  result: Pick<FormattableResult, 'columns' | 'rows' | 'truncated' | 'truncatedBy'>,
  options: FormatTableOptions = {},
): string => {
  const { header, body, widths, rightAligned } = planTable(result, options);
  const pad = (text: string, i: number, right: boolean): string => {
    const fill = ' '.repeat(widths[i]! - displayWidth(text));
    return right ? fill + text : text + fill;
  };
  const line = (cells: readonly string[], right: (i: number) => boolean): string =>
    cells
      .map((text, i) => pad(text, i, right(i)))
      .join(TABLE_SEPARATOR)
      .trimEnd();
  return [
    line(header, () => false),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...body.map((cells) => line(cells, (i) => rightAligned[i]!)),
    resultFooter(result),
  ].join('\n');
};
