import Database from 'better-sqlite3';
import type { QueryStatement } from '../../src/query/QueryDatabase.js';
import { DEFAULT_MAX_BYTES } from '../../src/query/QueryOptions.js';
import { runQuery, type RunQueryOptions } from '../../src/query/runQuery.js';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
});
afterEach(() => db.close());

/** A real statement that counts the rows SQLite produced for the loop. */
const counted = (sql: string): { stmt: QueryStatement; stepped: () => number } => {
  const real = db.prepare(sql);
  let stepped = 0;
  const stmt: QueryStatement = {
    readonly: real.readonly,
    reader: real.reader,
    columns: () => real.columns(),
    raw(on) {
      real.raw(on);
      return this;
    },
    safeIntegers(on) {
      real.safeIntegers(on);
      return this;
    },
    iterate(...args) {
      const it = real.iterate(...args);
      const wrapped: IterableIterator<unknown> = {
        next: () => {
          const step = it.next();
          if (step.done !== true) stepped += 1;
          return step;
        },
        return: (value?: unknown) => it.return?.(value) ?? { done: true, value: undefined },
        [Symbol.iterator]: () => wrapped,
      };
      return wrapped;
    },
  };
  return { stmt, stepped: () => stepped };
};

/** `n` rows `{ i, v }` (i from 1001, so every row has the same size) with `v` a string of `size` x's, built by SQLite only when a row is stepped. */
const rowsOf = (n: number, size: number): string =>
  `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ${n})
   SELECT 1000 + i AS i, printf('%.*c', ${size}, 'x') AS v FROM r`;

const options = (overrides: Partial<RunQueryOptions> = {}): RunQueryOptions => ({
  sql: 'SELECT …',
  rowLimit: 100_000,
  timeoutMs: 60_000,
  startedAt: 0,
  now: () => 0,
  ...overrides,
});

const jsonBytes = (rows: unknown): number => Buffer.byteLength(JSON.stringify(rows));

describe('runQuery: the byte cap', () => {
  it(`defaults to ${DEFAULT_MAX_BYTES} bytes of rows as JSON`, () => {
    const { stmt } = counted(rowsOf(1000, 1000));
    const result = runQuery(stmt, [], options());
    expect(result).toMatchObject({ truncated: true, truncatedBy: 'bytes' });
    expect(jsonBytes(result.rows)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(result.rows.length).toBeGreaterThan(200);
  });

  it('stops reading at the row that would pass the cap: 1,000 rows of 10 MB never materialise', () => {
    const { stmt, stepped } = counted(rowsOf(1000, 10_000_000));
    const started = performance.now();
    const result = runQuery(stmt, [], options({ maxBytes: 256 * 1024 }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(stepped()).toBe(1);
    expect(result).toMatchObject({ rows: [], truncated: true, truncatedBy: 'bytes' });
    expect(result.hint).toMatch(
      /^the first row alone \(9\.5 MiB as JSON\) is larger than the 256 KiB byte cap: /,
    );
    expect(result.hint).toMatch(/json_extract/);
  });

  it('returns as many whole rows as fit, counting the JSON array exactly, and says how to page', () => {
    const { stmt, stepped } = counted(rowsOf(50, 100));
    const row = jsonBytes({ i: 1001, v: 'x'.repeat(100) }); // 118 bytes, as every row of this query
    const result = runQuery(stmt, [], options({ maxBytes: 2 + 10 * row + 9 }));
    expect(result.rows).toHaveLength(10);
    expect(jsonBytes(result.rows)).toBe(2 + 10 * row + 9);
    expect(stepped()).toBe(11);
    // The cap it hit travels with the result, for a JSON envelope's `limit`.
    expect(result).toMatchObject({ truncated: true, truncatedBy: 'bytes', maxBytes: 2 + 10 * row + 9 });
    expect(result.hint).toBe(
      'the next row would pass the 1.2 KiB byte cap after 10 rows: select fewer or narrower columns (the ' +
        "fields you need, e.g. json_extract(col, '$.a.b'), instead of whole objects or payloads; substr() of " +
        'long text), or page with ORDER BY <a unique key> LIMIT 10 OFFSET 10 (then OFFSET 20, …)',
    );
  });

  it('does not flag a result that fits exactly', () => {
    const { stmt } = counted(rowsOf(3, 100));
    const all = runQuery(stmt, [], options());
    const exact = runQuery(counted(rowsOf(3, 100)).stmt, [], options({ maxBytes: jsonBytes(all.rows) }));
    expect(exact).toEqual({
      columns: ['i', 'v'],
      rows: all.rows,
      truncated: false,
      rowLimit: 100_000,
      maxBytes: jsonBytes(all.rows),
    });
    expect(
      runQuery(counted(rowsOf(3, 100)).stmt, [], options({ maxBytes: jsonBytes(all.rows) - 1 })),
    ).toMatchObject({
      truncated: true,
      truncatedBy: 'bytes',
    });
  });

  it('counts UTF-8 bytes, not characters', () => {
    const { stmt } = counted("SELECT '日本語' AS v UNION ALL SELECT '日本語'");
    const one = jsonBytes([{ v: '日本語' }]); // 18 bytes for 12 characters
    expect(runQuery(stmt, [], options({ maxBytes: one + 5 }))).toMatchObject({
      rows: [{ v: '日本語' }],
      truncatedBy: 'bytes',
    });
  });

  it('reports the row limit when it is reached first, with a paging hint', () => {
    const { stmt } = counted(rowsOf(50, 10));
    const result = runQuery(stmt, [], options({ rowLimit: 5, maxBytes: 1_000_000 }));
    expect(result).toMatchObject({ truncated: true, truncatedBy: 'rows', rowLimit: 5 });
    expect(result.rows).toHaveLength(5);
    expect(result.hint).toBe(
      'more than 5 rows: page with ORDER BY <a unique key> LIMIT 5 OFFSET 5 (then OFFSET 10, …), narrow the ' +
        'WHERE clause, or aggregate (count(*), GROUP BY)',
    );
  });

  it('gives a complete result no truncatedBy or hint', () => {
    const result = runQuery(counted(rowsOf(2, 1)).stmt, [], options());
    expect(result).toEqual({
      columns: ['i', 'v'],
      rows: [
        { i: 1001, v: 'x' },
        { i: 1002, v: 'x' },
      ],
      truncated: false,
      rowLimit: 100_000,
      maxBytes: DEFAULT_MAX_BYTES,
    });
  });
});
