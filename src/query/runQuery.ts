import { causeMessage } from '../errors/describeCause.js';
import { QueryError } from '../errors/QueryError.js';
import type { JsonValue } from '../model/JsonValue.js';
import type { QueryStatement } from './QueryDatabase.js';
import type { QueryResult } from './QueryResult.js';
import { sqliteValueToJson } from './sqliteValueToJson.js';
import { uniqueColumnNames } from './uniqueColumnNames.js';

/** Limits and clock of one {@link runQuery} call. */
export interface RunQueryOptions {
  /** The SQL text, for errors. */
  readonly sql: string;
  readonly rowLimit: number;
  readonly timeoutMs: number;
  /** `now()` reading when the call started; the deadline is `startedAt + timeoutMs`. */
  readonly startedAt: number;
  /** Monotonic clock in milliseconds, `performance.now` in production. */
  readonly now: () => number;
}

/**
 * Steps an already vetted statement (see {@link guardStatement}) and collects at most `rowLimit` rows as
 * JSON (see {@link QueryResult}). It reads one row past the limit to know whether the result was
 * truncated, then stops; the statement is reset whichever way the loop ends.
 *
 * The deadline is checked after every row SQLite produces. A step that produces no row (an aggregate,
 * a sort, a filter matching nothing) cannot be interrupted in-process and is only checked when it yields.
 */
export const runQuery = (
  stmt: QueryStatement,
  args: readonly unknown[],
  options: RunQueryOptions,
): QueryResult => {
  const { sql, rowLimit, timeoutMs, startedAt, now } = options;
  const deadline = startedAt + timeoutMs;
  const rows: Record<string, JsonValue>[] = [];
  let truncated = false;
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
        truncated = true;
        break;
      }
      const values = raw as readonly unknown[];
      rows.push(Object.fromEntries(columns.map((name, i) => [name, sqliteValueToJson(values[i] ?? null)])));
    }
    return { columns, rows, truncated, rowLimit };
  } catch (err) {
    if (err instanceof QueryError) throw err; // the deadline
    const message = causeMessage(err);
    throw new QueryError(sql, `query failed: ${message}`, { cause: err });
  }
};
