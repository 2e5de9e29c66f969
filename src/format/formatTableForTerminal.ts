import { formatExpanded } from './formatExpanded.js';
import type { FormattableResult } from './FormattableResult.js';
import { formatTable } from './formatTable.js';
import { planTable } from './planTable.js';

/**
 * Narrowest a column may be cut to before a terminal gets the expanded listing instead of the table: a
 * column narrower than its content is cut to fewer cells than this only when the table cannot fit
 * otherwise, and then it is no longer readable.
 */
export const MIN_READABLE_COLUMN_WIDTH = 12;

/** Options of {@link formatTableForTerminal}. */
export interface FormatTableForTerminalOptions {
  /** The terminal's width in cells (`process.stdout.columns`); a positive integer. */
  readonly width: number;
  /** Widest a table cell is shown (default `DEFAULT_MAX_CELL_WIDTH`, 60); the expanded listing wraps instead. */
  readonly maxCellWidth?: number;
}

/**
 * Whether a table fitted to the terminal would cut a column past reading: some column shown narrower
 * than its content and narrower than {@link MIN_READABLE_COLUMN_WIDTH} (so a column of 3-cell values
 * shown whole is fine, and a column of long text cut to 12 cells or more is fine).
 */
export const tableTooNarrow = (
  result: Pick<FormattableResult, 'columns' | 'rows'>,
  options: FormatTableForTerminalOptions,
): boolean => {
  const { widths, naturalWidths } = planTable(result, {
    maxTableWidth: options.width,
    maxCellWidth: options.maxCellWidth,
  });
  return widths.some((w, i) => w < Math.min(naturalWidths[i]!, MIN_READABLE_COLUMN_WIDTH));
};

/**
 * Renders a result for a terminal `width` cells wide: the table fitted to it ({@link formatTable} with
 * `maxTableWidth`), unless that would cut a column past reading ({@link tableTooNarrow}), then one field
 * per line ({@link formatExpanded}, values wrapped to the width). A result with no rows is always the
 * table, so its column names show.
 *
 * @throws {@link InvalidOptionsError} when `width` or `maxCellWidth` is not a positive integer.
 */
export const formatTableForTerminal = (
  result: Pick<FormattableResult, 'columns' | 'rows' | 'truncated' | 'truncatedBy'>,
  options: FormatTableForTerminalOptions,
): string => {
  if (result.rows.length > 0 && tableTooNarrow(result, options)) {
    return formatExpanded(result, { maxLineWidth: options.width });
  }
  return formatTable(result, { maxTableWidth: options.width, maxCellWidth: options.maxCellWidth });
};
