import { QueryError } from '../../src/errors/QueryError.js';
import { QueryRefusedError } from '../../src/errors/QueryRefusedError.js';
import { guardStatement } from '../../src/query/guardStatement.js';
import type { QueryDatabase, QueryStatement } from '../../src/query/QueryDatabase.js';

/** A database whose prepare answers with fixed statement flags (or throws), and records what it prepared. */
const fakeDatabase = (answer: { readonly?: boolean; reader?: boolean } | Error) => {
  const prepared: string[] = [];
  const db: QueryDatabase = {
    open: true,
    prepare(sql) {
      prepared.push(sql);
      if (answer instanceof Error) throw answer;
      return { readonly: answer.readonly ?? true, reader: answer.reader ?? true } as QueryStatement;
    },
    close: () => undefined,
  };
  return { db, prepared };
};

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (err) {
    if (err instanceof QueryRefusedError) return err.reason;
    throw err;
  }
  throw new Error('not refused');
};

describe('guardStatement', () => {
  it('refuses by keyword before SQLite sees the statement', () => {
    const { db, prepared } = fakeDatabase({});
    expect(refusal(() => guardStatement(db, 'ATTACH x AS y'))).toMatch(/ATTACH\/DETACH/);
    expect(refusal(() => guardStatement(db, 'PRAGMA query_only = 0'))).toMatch(/PRAGMA/);
    expect(refusal(() => guardStatement(db, 'SELECT 1; SELECT 2'))).toBe('only one statement per call');
    expect(prepared).toEqual([]);
  });

  it('refuses an allowed keyword when SQLite says the statement writes', () => {
    const { db } = fakeDatabase({ readonly: false });
    expect(refusal(() => guardStatement(db, 'WITH x AS (SELECT 1) DELETE FROM t'))).toBe(
      'the statement writes to the database',
    );
  });

  it('refuses a statement that returns no data', () => {
    const { db } = fakeDatabase({ reader: false });
    expect(refusal(() => guardStatement(db, 'SELECT 1'))).toBe('the statement returns no data');
  });

  it('refuses an unknown leading keyword that SQLite prepares after all', () => {
    const { db, prepared } = fakeDatabase({});
    expect(refusal(() => guardStatement(db, 'FROBNICATE t'))).toMatch(
      /^only SELECT, WITH … SELECT, VALUES and EXPLAIN/,
    );
    expect(prepared).toEqual(['FROBNICATE t']);
  });

  it('maps better-sqlite3’s multi-statement RangeError to a refusal', () => {
    const { db } = fakeDatabase(new RangeError('The supplied SQL string contains more than one statement'));
    expect(refusal(() => guardStatement(db, 'SELECT 1'))).toBe('only one statement per call');
  });

  it('reports a prepare failure as a QueryError carrying the cause', () => {
    const cause = Object.assign(new Error('no such table: t'), { code: 'SQLITE_ERROR' });
    const { db } = fakeDatabase(cause);
    let thrown: unknown;
    try {
      guardStatement(db, 'SELECT * FROM t');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(QueryError);
    expect(thrown).toMatchObject({
      sql: 'SELECT * FROM t',
      message: 'query failed: no such table: t',
      cause,
    });
  });

  it('returns the prepared statement when it is a read-only reader', () => {
    const { db, prepared } = fakeDatabase({});
    expect(guardStatement(db, 'EXPLAIN QUERY PLAN SELECT 1')).toMatchObject({ readonly: true, reader: true });
    expect(prepared).toEqual(['EXPLAIN QUERY PLAN SELECT 1']);
  });
});
