import { safeIdentifier, uniqueIdentifier } from './safeIdentifier.js';
import { COLUMN_PREFIX, VIEW_META_COLUMNS } from './viewColumns.js';

/**
 * The view column of a top-level payload field: the field name made a safe identifier (`f_` in
 * front for a keyword or a leading digit), `_2`, `_3`… when it clashes with the view's own columns
 * (`record_id`, `_source`, …) or with an earlier field's column (`taken`).
 */
export const columnNameFor = (field: string, taken: ReadonlySet<string>): string =>
  uniqueIdentifier(safeIdentifier(field, COLUMN_PREFIX), new Set([...VIEW_META_COLUMNS, ...taken]));
