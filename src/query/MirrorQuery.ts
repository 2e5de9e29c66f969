import type { QueryCallOptions } from './QueryOptions.js';
import type { QueryParams } from './QueryParams.js';
import type { QueryResult } from './QueryResult.js';

/**
 * A read-only SQL connection to a mirror database. It has no write methods: the only way in is
 * {@link MirrorQuery.query}, which accepts one SELECT, `WITH … SELECT`, VALUES or `EXPLAIN [QUERY PLAN]` of
 * those, and refuses everything else.
 */
export interface MirrorQuery {
  /**
   * Runs one read-only statement and returns its rows as JSON values.
   *
   * - Refused, with a {@link QueryRefusedError} and without running anything: writes (including
   *   `WITH … DELETE`), ATTACH/DETACH, any PRAGMA statement, transaction control, VACUUM/ANALYZE/REINDEX,
   *   statements that return no data, and more than one statement per call. A single trailing `;` and
   *   comments are fine.
   * - Fails with a {@link QueryError} (SQLite's message, the SqliteError as `cause`): syntax errors, unknown
   *   tables or columns, bad parameter counts, runtime errors such as malformed JSON, and the time limit.
   * - Returns at most `rowLimit` rows and at most `maxBytes` of them (as compact JSON, counted while
   *   reading); `truncated` says whether more existed, `truncatedBy` which cap cut it and `hint` how to page.
   *
   * **Time limit.** better-sqlite3 cannot interrupt a running statement (SQLite's progress handler is
   * compiled out of its build), so the deadline is checked between rows: a query that keeps producing rows
   * is stopped at the first row after the deadline. A single step that produces no row for a long time —
   * a huge aggregate, a sort or `DISTINCT` over a large table, a filter that matches nothing — runs to
   * completion in-process before the check can fire. Hosts that must bound such queries hard need to run
   * them in a child process they can terminate: {@link openQueryProcess} does that.
   */
  query(sql: string, params?: QueryParams, options?: QueryCallOptions): QueryResult;
  /** Closes the connection. Idempotent; `query` after `close` throws a {@link QueryError}. */
  close(): void;
}
