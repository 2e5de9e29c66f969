/**
 * The handful of better-sqlite3 `Statement` members the query module uses. Typed structurally so that
 * tests can hand in fakes, and so that nothing here can reach a write method by accident.
 */
export interface QueryStatement {
  /** SQLite's `sqlite3_stmt_readonly()`: false when the statement would write. */
  readonly readonly: boolean;
  /** True when the statement returns rows. */
  readonly reader: boolean;
  columns(): readonly { readonly name: string }[];
  raw(toggleState?: boolean): this;
  safeIntegers(toggleState?: boolean): this;
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** The handful of better-sqlite3 `Database` members the query module uses. */
export interface QueryDatabase {
  readonly open: boolean;
  prepare(source: string): QueryStatement;
  close(): unknown;
}
