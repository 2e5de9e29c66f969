import type { SqlJsonValue } from '../query/QueryResult.js';

/** One column of a resource view. */
export interface ColumnDescription {
  /** The column's name in the view. */
  readonly column: string;
  /** The payload field it reads (`null` for the view's own columns such as `record_id`, `_source`). */
  readonly field: string | null;
  /**
   * Type inferred from the sampled values, as the view returns them: text, integer, real, boolean (1/0 in
   * SQL), object or array (JSON text in SQL: read inside with `json_extract`), or a `|` of them; `null` last
   * when some sampled records have no value (the field is missing or null, e.g. added later). Only
   * `null` when no sampled record has a value.
   */
  readonly type: string;
  /**
   * Up to three distinct non-null values, most recently synced first, as the view returns them (objects
   * and arrays as JSON text, booleans as 1/0); text longer than {@link MAX_EXAMPLE_LENGTH} characters
   * is cut and ends with `…`.
   */
  readonly examples: readonly SqlJsonValue[];
  /** The sources whose sampled records have a value in this column, in name order. */
  readonly sources: readonly string[];
}

/** Longest example text shown before it is cut with `…`. */
export const MAX_EXAMPLE_LENGTH = 80;

/** Records sampled per resource to infer column types and examples. */
export const DESCRIBE_SAMPLE_SIZE = 1_000;

/** What one source contributed to a resource. */
export interface SourceDescription {
  /** The records' `_source` (their provenance source). */
  readonly source: string;
  /** Live records whose current version came from this source. */
  readonly records: number;
  /** When the latest of them was written to the mirror (ISO-8601, UTC). */
  readonly lastSyncedAt: string;
}

export interface ResourceDescription {
  readonly resource: string;
  /** The view to query (`SELECT * FROM <view>`); `null` until the writer has created it. */
  readonly view: string | null;
  /** Live records. */
  readonly records: number;
  readonly columns: readonly ColumnDescription[];
  readonly sources: readonly SourceDescription[];
  /** How many records types and examples were inferred from (the most recently synced ones). */
  readonly sampled: number;
}
