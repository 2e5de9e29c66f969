/** Which cap cut a result short: its row limit or its byte cap. */
export type TruncatedBy = 'rows' | 'bytes';

/**
 * One value of a result row: a SQL value as JSON, typed by SQLite's storage class of the value (not by
 * declared column types, so computed columns such as `count(*)` or `json_extract(...)` are typed like
 * any other):
 * - TEXT → string (never parsed: `json_extract(payload, '$.address')` on an object yields its JSON text);
 * - INTEGER → number when it is a safe integer (|n| ≤ 2^53 − 1), else its exact decimal string;
 * - REAL → number (±Infinity, which JSON cannot carry, as the strings `"Infinity"` / `"-Infinity"`);
 * - NULL → null;
 * - BLOB → base64 string (RFC 4648, with padding).
 *
 * Never a boolean, object, array, bigint or LosslessNumber: SQLite has none of them (a payload's
 * objects are JSON text, its booleans 1/0, its numbers beyond a double TEXT with their digits), so a
 * row is plain JSON that `JSON.stringify` writes as it is.
 */
export type SqlJsonValue = string | number | null;

/** What one read-only query returned: its columns, and its rows of {@link SqlJsonValue}s. */
export interface QueryResult {
  /** Result column names in select order, unique (a repeated name gets `_2`, `_3`… appended). */
  readonly columns: string[];
  /** At most `rowLimit` rows (and at most the byte cap of them), each keyed by {@link QueryResult.columns}. */
  readonly rows: Record<string, SqlJsonValue>[];
  /** True when the statement had more rows than were returned; see `truncatedBy` and `hint`. */
  readonly truncated: boolean;
  /**
   * Only on a truncated result: `rows` when the statement had more than `rowLimit` rows, `bytes` when the
   * next row would have taken the result past its byte cap.
   */
  readonly truncatedBy?: TruncatedBy;
  /** Only on a truncated result: how to get the rest (page with LIMIT/OFFSET, or select narrower columns). */
  readonly hint?: string;
  /** The row limit this call ran with: the limit a result `truncatedBy` `rows` hit. */
  readonly rowLimit: number;
  /**
   * The byte cap this call ran with (the rows' UTF-8 size as one compact JSON array): the limit a result
   * `truncatedBy` `bytes` hit.
   */
  readonly maxBytes: number;
}

/**
 * The exit code of `oxide-mirror query` when its result was cut (`truncated`), in every `--format`: the
 * rows that fit are printed, a notice on stderr says which cap cut them and how to page, and the process
 * exits with this code, so a script cannot take a partial result for the whole one. 0 is a whole result;
 * 1 a failure and 2 wrong usage, as for every command.
 */
export const EXIT_RESULT_TRUNCATED = 3;
