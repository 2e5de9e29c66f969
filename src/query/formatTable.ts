import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import type { JsonValue } from '../model/JsonValue.js';
import { displayWidth, truncateToWidth } from './displayWidth.js';
import type { QueryResult } from './QueryResult.js';
import { tableCellText } from './tableCellText.js';

/** Widest a table cell is shown before it is cut with `…`. */
export const DEFAULT_MAX_CELL_WIDTH = 60;

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /** Widest a cell (or header) is shown, in terminal cells, before it is cut with `…`; at least 1. */
  readonly maxCellWidth?: number;
}

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
 *   result was truncated (more rows exist; narrow the query or page with LIMIT/OFFSET);
 * - numbers are right-aligned, everything else left-aligned; NULL is shown as `NULL`;
 * - objects and arrays are compact JSON; control characters are escaped so every row stays one line;
 * - cells wider than `maxCellWidth` (default {@link DEFAULT_MAX_CELL_WIDTH}) are cut with `…`;
 * - widths count terminal cells (wide CJK characters and emoji count two); trailing spaces are trimmed.
 *
 * Returns the lines joined with `\n`, without a final newline.
 */
export const formatTable = (
  result: Pick<QueryResult, 'columns' | 'rows' | 'truncated'>,
  options: FormatTableOptions = {},
): string => {
  const maxWidth = options.maxCellWidth ?? DEFAULT_MAX_CELL_WIDTH;
  if (!Number.isSafeInteger(maxWidth) || maxWidth < 1) {
    throw new InvalidOptionsError('maxCellWidth', maxWidth, 'expected a positive integer');
  }
  const { columns, rows, truncated } = result;
  const cell = (v: JsonValue | undefined): string => truncateToWidth(tableCellText(v), maxWidth);

  const header = columns.map((c) => cell(c));
  const body = rows.map((row) => columns.map((c) => cell(row[c])));
  const rightAligned = columns.map(
    (c) =>
      rows.some((r) => typeof r[c] === 'number') &&
      rows.every((r) => typeof r[c] === 'number' || r[c] === null),
  );
  const widths = header.map((h, i) =>
    body.reduce((w, cells) => Math.max(w, displayWidth(cells[i]!)), displayWidth(h)),
  );

  const pad = (text: string, i: number, right: boolean): string => {
    const fill = ' '.repeat(widths[i]! - displayWidth(text));
    return right ? fill + text : text + fill;
  };
  const line = (cells: readonly string[], right: (i: number) => boolean): string =>
    cells
      .map((text, i) => pad(text, i, right(i)))
      .join(' | ')
      .trimEnd();

  const n = rows.length;
  const noun = n === 1 ? 'row' : 'rows';
  const footer = truncated ? `(truncated at ${n} ${noun})` : `(${n} ${noun})`;
  return [
    line(header, () => false),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...body.map((cells) => line(cells, (i) => rightAligned[i]!)),
    footer,
  ].join('\n');
};
