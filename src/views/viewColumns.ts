/** Columns every resource view has besides its payload fields, in this order. */
export const VIEW_META_COLUMNS = ['record_id', '_source', '_confidence', '_version', '_synced_at'] as const;

/** Prefix for a view whose resource name is not usable as is (a keyword, a digit first, an internal name). */
export const VIEW_PREFIX = 'r_';
/** Prefix for a payload field whose name is not usable as a column as is. */
export const COLUMN_PREFIX = 'f_';
/** View names never take these prefixes: they belong to our tables and SQLite's. */
export const RESERVED_NAME_PREFIXES = ['mirror_', 'sqlite_'] as const;
