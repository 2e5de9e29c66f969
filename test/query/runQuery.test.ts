import { QueryError } from '../../src/errors/QueryError.js';
import type { QueryStatement } from '../../src/query/QueryDatabase.js';
import { DEFAULT_MAX_BYTES } from '../../src/query/QueryOptions.js';
import { runQuery, type RunQueryOptions } from '../../src/query/runQuery.js';

/** A statement over fixed raw rows that records how far it was stepped and whether it was reset. */
const fakeStatement = (
  columns: string[],
  rows: unknown[][],
  onStep: (i: number) => void = () => undefined,
) => {
  const log = { stepped: 0, reset: false, args: [] as unknown[], rawMode: false, safeIntegers: false };
  const stmt: QueryStatement = {
    readonly: true,
    reader: true,
    columns: () => columns.map((name) => ({ name })),
    raw(on = true) {
      log.rawMode = on;
      return this;
    },
    safeIntegers(on = true) {
      log.safeIntegers = on;
      return this;
    },
    iterate(...args: unknown[]) {
      log.args = args;
      let i = 0;
      const it: IterableIterator<unknown> = {
        next: () => {
          if (i >= rows.length) return { done: true, value: undefined };
          onStep(i);
          log.stepped = i + 1;
          return { done: false, value: rows[i++] };
        },
        return: () => {
          log.reset = true;
          return { done: true, value: undefined };
        },
        [Symbol.iterator]() {
          return it;
        },
      };
      return it;
    },
  };
  return { stmt, log };
};

const options = (overrides: Partial<RunQueryOptions> = {}): RunQueryOptions => ({
  sql: 'SELECT …',
  rowLimit: 10,
  timeoutMs: 100,
  startedAt: 0,
  now: () => 0,
  ...overrides,
});

describe('runQuery', () => {
  it('reads raw rows with safe integers and returns them keyed by column, as JSON', () => {
    const { stmt, log } = fakeStatement(
      ['id', 'n', 'big', 'blob'],
      [['a', 1n, 2n ** 60n, Buffer.from([0xff])]],
    );
    expect(runQuery(stmt, ['p'], options())).toEqual({
      columns: ['id', 'n', 'big', 'blob'],
      rows: [{ id: 'a', n: 1, big: '1152921504606846976', blob: '/w==' }],
      truncated: false,
      rowLimit: 10,
      maxBytes: DEFAULT_MAX_BYTES,
    });
    expect(log).toMatchObject({ rawMode: true, safeIntegers: true, args: ['p'] });
  });

  it('reads one row past the limit to flag truncation, then stops and resets the statement', () => {
    const { stmt, log } = fakeStatement(['i'], [[1n], [2n], [3n], [4n], [5n]]);
    const result = runQuery(stmt, [], options({ rowLimit: 2 }));
    expect(result.rows).toEqual([{ i: 1 }, { i: 2 }]);
    expect(result.truncated).toBe(true);
    expect(log.stepped).toBe(3);
    expect(log.reset).toBe(true);
  });

  it('does not flag a result with exactly rowLimit rows', () => {
    const { stmt } = fakeStatement(['i'], [[1n], [2n]]);
    expect(runQuery(stmt, [], options({ rowLimit: 2 })).truncated).toBe(false);
  });

  it('checks the deadline after every row and stops at the first row past it', () => {
    let clock = 0;
    const { stmt, log } = fakeStatement(['i'], [[1n], [2n], [3n], [4n], [5n]], () => (clock += 40));
    let thrown: unknown;
    try {
      runQuery(stmt, [], options({ timeoutMs: 100, now: () => clock }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(QueryError);
    expect((thrown as QueryError).message).toBe(
      'query exceeded its time limit of 100 ms (after 2 rows); narrow the query (a more selective WHERE, ' +
        'fewer columns) or page with LIMIT/OFFSET',
    );
    expect(log.stepped).toBe(3);
    expect(log.reset).toBe(true);
  });

  it('returns a result that completed even if the last step ended after the deadline', () => {
    let clock = 0;
    const { stmt } = fakeStatement(['i'], [[1n]], () => (clock += 50));
    expect(runQuery(stmt, [], options({ timeoutMs: 100, now: () => clock })).rows).toEqual([{ i: 1 }]);
  });

  it('wraps an error raised while stepping in a QueryError with the SQL and the cause', () => {
    const failure = Object.assign(new Error('malformed JSON'), { code: 'SQLITE_ERROR' });
    const { stmt, log } = fakeStatement(['i'], [[1n], [2n]], (i) => {
      if (i === 1) throw failure;
    });
    let thrown: unknown;
    try {
      runQuery(stmt, [], options({ sql: 'SELECT bad' }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(QueryError);
    expect(thrown).toMatchObject({
      sql: 'SELECT bad',
      message: 'query failed: malformed JSON',
      cause: failure,
    });
    // a step that throws ends the iteration itself (better-sqlite3 resets the statement on error)
    expect(log.stepped).toBe(1);
  });
});
