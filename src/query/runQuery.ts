import { causeMessage } from '../errors/describeCause.js';
import { QueryError } from '../errors/QueryError.js';
import type { QueryStatement } from './QueryDatabase.js';
import { DEFAULT_MAX_BYTES } from './QueryOptions.js';
import type { QueryResult, SqlJsonValue } from './QueryResult.js';
import { sqliteValueToJson } from './sqliteValueToJson.js';
import { truncationHint } from './truncationHint.js';
import { uniqueColumnNames } from './uniqueColumnNames.js';

/** Limits and clock of one {@link runQuery} call. */
export interface RunQueryOptions {
  /** The SQL text, for errors. */
  readonly sql: string;
  readonly rowLimit: number;
  /** Most bytes of rows as a compact JSON array (default {@link DEFAULT_MAX_BYTES}). */
  readonly maxBytes?: number;
  readonly timeoutMs: number;
  /** `now()` reading when the call started; the deadline is `startedAt + timeoutMs`. */
  readonly startedAt: number;
  /** Monotonic clock in milliseconds, `performance.now` in production. */
  readonly now: () => number;
}

/**
 * Steps an already vetted statement (see {@link guardStatement}) and collects at most `rowLimit` rows as
 * JSON (see {@link QueryResult}), and at most `maxBytes` of them: each row's JSON size is added up as it
 * is read, and the row that would pass the cap is dropped and ends the read, so a result of huge rows
 * never materialises past the cap. It reads one row past the row limit to know whether the result was
 * truncated, then stops; the statement is reset whichever way the loop ends. A truncated result says
 * which cap cut it (`truncatedBy`) and how to get the rest (`hint`).
 *
 * The deadline is checked after every row SQLite produces. A step that produces no row (an aggregate,
 * a sort, a filter matching nothing) cannot be interrupted in-process and is only checked when it yields;
 * `openQueryProcess` runs queries in a child process it can kill.
 */
export const runQuery = (
  stmt: QueryStatement,
  args: readonly unknown[],
  options: RunQueryOptions,
): QueryResult => {
  const { sql, rowLimit, timeoutMs, startedAt, now } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = startedAt + timeoutMs;
  const rows: Record<string, SqlJsonValue>[] = [];
  let bytes = 2; // `[` and `]`
  try {
    const columns = uniqueColumnNames(stmt.columns().map((c) => c.name));
    for (const raw of stmt
      .safeIntegers(true)
      .raw(true)
      .iterate(...args)) {
      if (now() > deadline) {
        throw new QueryError(
          sql,
          `query exceeded its time limit of ${timeoutMs} ms (after ${rows.length} rows); narrow the query ` +
            `(a more selective WHERE, fewer columns) or page with LIMIT/OFFSET`,
        );
      }
      if (rows.length === rowLimit) {
        return truncatedResult(columns, rows, { by: 'rows', rows: rows.length, rowLimit, maxBytes });
      }
      const values = raw as readonly unknown[];
      const row = Object.fromEntries(columns.map((name, i) => [name, sqliteValueToJson(values[i] ?? null)]));
      const rowBytes = Buffer.byteLength(JSON.stringify(row)) + (rows.length === 0 ? 0 : 1);
      if (bytes + rowBytes > maxBytes) {
        return truncatedResult(columns, rows, {
          by: 'bytes',
          rows: rows.length,
          rowLimit,
          maxBytes,
          nextRowBytes: rowBytes,
        });
      }
      bytes += rowBytes;
      rows.push(row);
    }
    return { columns, rows, truncated: false, rowLimit, maxBytes };
  } catch (err) {
    if (err instanceof QueryError) throw err; // the deadline
    const message = causeMessage(err);
    throw new QueryError(sql, `query failed: ${message}`, { cause: err });
  }
};

const truncatedResult = (
  columns: string[],
  rows: Record<string, SqlJsonValue>[],
  facts: Parameters<typeof truncationHint>[0],
): QueryResult => ({
  columns,
  rows,
  truncated: true,
  truncatedBy: facts.by,
  hint: truncationHint(facts),
  rowLimit: facts.rowLimit,
  maxBytes: facts.maxBytes,
});
