import type { TruncatedBy } from '../query/QueryResult.js';

/**
 * A value the formatters write: JSON that `JSON.stringify` writes as it is. A query result's values
 * (`SqlJsonValue`: text, numbers, null) are such values; rows built elsewhere may also hold booleans,
 * objects and arrays, which are written as JSON. Not a bigint or a LosslessNumber, which
 * `JSON.stringify` cannot write as the numbers they are.
 */
export type FormattableValue =
  | null
  | boolean
  | number
  | string
  | readonly FormattableValue[]
  | { readonly [key: string]: FormattableValue };

/** What the formatters render: a {@link QueryResult}, or rows of the same shape. */
export interface FormattableResult {
  /** Column names in output order; a row's key not named here is not shown. */
  readonly columns: readonly string[];
  /** Rows keyed by column name; a missing key shows as NULL (table) or an empty field (CSV). */
  readonly rows: readonly Readonly<Record<string, FormattableValue>>[];
  readonly truncated: boolean;
  readonly truncatedBy?: TruncatedBy;
}
