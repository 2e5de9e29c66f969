import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { displayWidth, truncateToWidth } from './displayWidth.js';
import type { FormattableResult, FormattableValue } from './FormattableResult.js';
import {
  DEFAULT_MAX_CELL_WIDTH,
  MIN_FITTED_COLUMN_WIDTH,
  type FormatTableOptions,
} from './FormatTableOptions.js';
import { tableCellText } from './tableCellText.js';

/** The cells of a table and the widths they are shown at, before they are padded into lines. */
export interface TablePlan {
  /** Header cells, cut to {@link TablePlan.widths}. */
  readonly header: readonly string[];
  /** One array of cells per row, cut to {@link TablePlan.widths}. */
  readonly body: readonly (readonly string[])[];
  /** Width of each column as shown, in terminal cells. */
  readonly widths: readonly number[];
  /** Width each column would take without `maxTableWidth`: its widest cell, up to `maxCellWidth`. */
  readonly naturalWidths: readonly number[];
  /** Whether each column is right-aligned (all its values are numbers or NULL, one at least a number). */
  readonly rightAligned: readonly boolean[];
}

/** Between two columns. */
export const TABLE_SEPARATOR = ' | ';

const checkWidth = (option: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionsError(option, value, 'expected a positive integer');
  }
  return value;
};

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
 * Lays out a result as {@link formatTable} shows it: each cell as single-line text cut to `maxCellWidth`,
 * and with `maxTableWidth` the widest columns cut further until the table fits (see
 * {@link FormatTableOptions}). {@link formatTableForTerminal} compares the shown widths with the natural
 * ones to tell a table that fits from one cut past reading.
 *
 * @throws {@link InvalidOptionsError} when `maxCellWidth` or `maxTableWidth` is not a positive integer.
 */
export const planTable = (
  result: Pick<FormattableResult, 'columns' | 'rows'>,
  options: FormatTableOptions = {},
): TablePlan => {
  const maxWidth = checkWidth('maxCellWidth', options.maxCellWidth ?? DEFAULT_MAX_CELL_WIDTH);
  const { maxTableWidth } = options;
  if (maxTableWidth !== undefined) checkWidth('maxTableWidth', maxTableWidth);
  const { columns, rows } = result;
  const cell = (v: FormattableValue | undefined): string => truncateToWidth(tableCellText(v), maxWidth);

  const header = columns.map((c) => cell(c));
  const body = rows.map((row) => columns.map((c) => cell(row[c])));
  const rightAligned = columns.map(
    (c) =>
      rows.some((r) => typeof r[c] === 'number') &&
      rows.every((r) => typeof r[c] === 'number' || r[c] === null),
  );
  const naturalWidths = header.map((h, i) =>
    body.reduce((w, cells) => Math.max(w, displayWidth(cells[i]!)), displayWidth(h)),
  );
  const separators = TABLE_SEPARATOR.length * Math.max(columns.length - 1, 0);
  if (maxTableWidth === undefined || naturalWidths.reduce((a, b) => a + b, 0) + separators <= maxTableWidth) {
    return { header, body, widths: naturalWidths, naturalWidths, rightAligned };
  }
  const widths = fitWidths(naturalWidths, maxTableWidth - separators);
  const fit = (cells: readonly string[]): string[] =>
    cells.map((text, i) => truncateToWidth(text, widths[i]!));
  return { header: fit(header), body: body.map(fit), widths, naturalWidths, rightAligned };
};
