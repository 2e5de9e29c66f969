/** Widest a table cell is shown before it is cut with `…`. */
export const DEFAULT_MAX_CELL_WIDTH = 60;

/** Narrowest a column is cut to when fitting a table into `maxTableWidth`. */
export const MIN_FITTED_COLUMN_WIDTH = 6;

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
