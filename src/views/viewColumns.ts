/**
 * One of a view's own columns (not a payload field): its name in the view, the `mirror_records` column
 * it reads, and its type. The view (`resourceViewSql`) and describe both read these, so the two
 * cannot drift apart.
 */
export interface ViewOwnColumn {
  /** Its name in the view. */
  readonly column: string;
  /** The `mirror_records` column it reads. */
  readonly expression: string;
  /** Its SQL type, as the schema gives the record column and describe reports it. */
  readonly type: 'text' | 'integer' | 'real';
}

/** A view's first column: the record's id. */
export const VIEW_KEY_COLUMN: ViewOwnColumn = { column: 'record_id', expression: 'record_id', type: 'text' };

/** A view's provenance columns, after its payload fields, in this order. */
export const VIEW_PROVENANCE_COLUMNS: readonly ViewOwnColumn[] = [
  { column: '_source', expression: 'source', type: 'text' },
  { column: '_confidence', expression: 'confidence', type: 'real' },
  { column: '_version', expression: 'version', type: 'integer' },
  { column: '_synced_at', expression: 'last_synced_at', type: 'text' },
];

/** Columns every resource view has besides its payload fields, in this order. */
export const VIEW_META_COLUMNS: readonly string[] = [VIEW_KEY_COLUMN, ...VIEW_PROVENANCE_COLUMNS].map(
  (c) => c.column,
);

/** Prefix for a view whose resource name is not usable as is (a keyword, a digit first, an internal name). */
export const VIEW_PREFIX = 'r_';
/** Prefix for a payload field whose name is not usable as a column as is. */
export const COLUMN_PREFIX = 'f_';
/** View names never take these prefixes: they belong to our tables and SQLite's. */
export const RESERVED_NAME_PREFIXES = ['mirror_', 'sqlite_'] as const;
