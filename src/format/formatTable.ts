import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { displayWidth, truncateToWidth } from './displayWidth.js';
import type { FormattableResult, FormattableValue } from './FormattableResult.js';
import { tableCellText } from './tableCellText.js';

/** Widest a table cell is shown before it is cut with `…`. */
export const DEFAULT_MAX_CELL_WIDTH = 60;

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /** Widest a cell (or header) is shown, in terminal cells, before it is cut with `…`; at least 1. */
  readonly maxCellWidth?: number;
  /**
   * Widest the whole table may be, in terminal cells (a terminal's `process.stdout.columns`): when the
   * columns do not fit, the widest ones are cut first, down to {@link MIN_FITTED_COLUMN_WIDTH} cells; a
   * table that cannot fit even then is as narrow as that allows. Unset: no limit.
   */
  readonly maxTableWidth?: number;
}

/** Narrowest a column is cut to when fitting a table into `maxTableWidth`. */
export const MIN_FITTED_COLUMN_WIDTH = 6;

const SEPARATOR = ' | ';

/**
 * Column widths that fit `budget` cells: every column keeps its natural width up to a common cap, the
 * largest cap (at least {@link MIN_FITTED_COLUMN_WIDTH}) whose total fits. Narrow columns stay whole.
 */
const fitWidths = (natural: readonly number[], budget: number): number[] => {
  const total = (cap: number): number => natural.reduce((sum, w) => sum + Math.min(w, cap), 0);
  let low = MIN_FITTED_COLUMN_WIDTH;
  let high = Math.max(low, ...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (total(mid) <= budget) low = mid;
    else high = mid - 1;
  }
  return natural.map((w) => Math.min(w, low));
};

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
 *   `maxTableWidth` the widest columns are cut further until the table fits;
 * - widths count terminal cells (wide CJK characters and emoji count two); trailing spaces are trimmed.
 *
 * Returns the lines joined with `\n`, without a final newline.
 */
export const formatTable = (
  result: Pick<FormattableResult, 'columns' | 'rows' | 'truncated' | 'truncatedBy'>,
  options: FormatTableOptions = {},
): string => {
  const maxWidth = options.maxCellWidth ?? DEFAULT_MAX_CELL_WIDTH;
  if (!Number.isSafeInteger(maxWidth) || maxWidth < 1) {
    throw new InvalidOptionsError('maxCellWidth', maxWidth, 'expected a positive integer');
  }
  const { maxTableWidth } = options;
  if (maxTableWidth !== undefined && (!Number.isSafeInteger(maxTableWidth) || maxTableWidth < 1)) {
    throw new InvalidOptionsError('maxTableWidth', maxTableWidth, 'expected a positive integer');
  }
  const { columns, rows, truncated } = result;
  const cell = (v: FormattableValue | undefined): string => truncateToWidth(tableCellText(v), maxWidth);

  let header = columns.map((c) => cell(c));
  let body = rows.map((row) => columns.map((c) => cell(row[c])));
  const rightAligned = columns.map(
    (c) =>
      rows.some((r) => typeof r[c] === 'number') &&
      rows.every((r) => typeof r[c] === 'number' || r[c] === null),
  );
  let widths = header.map((h, i) =>
    body.reduce((w, cells) => Math.max(w, displayWidth(cells[i]!)), displayWidth(h)),
  );
  const separators = SEPARATOR.length * Math.max(columns.length - 1, 0);
  if (maxTableWidth !== undefined && widths.reduce((a, b) => a + b, 0) + separators > maxTableWidth) {
    const fitted = fitWidths(widths, maxTableWidth - separators);
    const fit = (cells: string[]): string[] => cells.map((text, i) => truncateToWidth(text, fitted[i]!));
    header = fit(header);
    body = body.map(fit);
    widths = fitted;
  }

  const pad = (text: string, i: number, right: boolean): string => {
    const fill = ' '.repeat(widths[i]! - displayWidth(text));
    return right ? fill + text : text + fill;
  };
  const line = (cells: readonly string[], right: (i: number) => boolean): string =>
    cells
      .map((text, i) => pad(text, i, right(i)))
      .join(SEPARATOR)
      .trimEnd();

  const n = rows.length;
  const noun = n === 1 ? 'row' : 'rows';
  const footer = !truncated
    ? `(${n} ${noun})`
    : result.truncatedBy === 'bytes'
      ? `(${n} ${noun}; truncated by the byte cap)`
      : `(truncated at ${n} ${noun})`;
  return [
    line(header, () => false),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...body.map((cells) => line(cells, (i) => rightAligned[i]!)),
    footer,
  ].join('\n');
};
