import fs from 'node:fs';
import path from 'node:path';
import { QueryError } from '../../src/errors/QueryError.js';
import { QueryRefusedError } from '../../src/errors/QueryRefusedError.js';
import { openQuery } from '../../src/query/openQuery.js';
import type { MirrorQuery } from '../../src/query/MirrorQuery.js';
import {
  createMirrorDatabase,
  snapshotDatabase,
  type MirrorDatabaseFixture,
} from '../support/mirrorDatabaseFixture.js';

const WRITES = /writes to the database/;
const ATTACH = /ATTACH\/DETACH changes the connection/;
const PRAGMA = /PRAGMA statements are not allowed/;
const ONE = /only one statement per call/;
const TXN = /transaction control is not allowed/;
const MAINTENANCE = /maintenance commands are not allowed/;
const NO_STATEMENT = /no statement/;

/** `{dir}` stands for the test's temp dir, so file-creating statements would leave evidence there. */
const HOSTILE_CORPUS: readonly (readonly [string, RegExp])[] = [
  ['DROP TABLE mirror_records', WRITES],
  ['DROP VIEW users', WRITES],
  ['DELETE FROM mirror_records', WRITES],
  ["UPDATE mirror_records SET version = 99 WHERE resource = 'users'", WRITES],
  ["INSERT INTO mirror_records VALUES ('x', 'y', '{}', 1)", WRITES],
  ["INSERT OR REPLACE INTO mirror_records VALUES ('users', 'u1', '{}', 9)", WRITES],
  ["REPLACE INTO mirror_records VALUES ('users', 'u1', '{}', 9)", WRITES],
  ['CREATE TABLE evil (a)', WRITES],
  ['CREATE TEMP TABLE evil (a)', WRITES],
  ['CREATE INDEX evil_idx ON mirror_records (version)', WRITES],
  ['CREATE VIEW evil_view AS SELECT 1', WRITES],
  ['CREATE TRIGGER evil AFTER INSERT ON mirror_records BEGIN DELETE FROM mirror_records; END', WRITES],
  ['CREATE VIRTUAL TABLE evil USING fts5(a)', WRITES],
  ['ALTER TABLE mirror_records ADD COLUMN evil TEXT', WRITES],
  ['ALTER TABLE mirror_records RENAME TO gone', WRITES],
  ['WITH doomed AS (SELECT record_id FROM mirror_records) DELETE FROM mirror_records', WRITES],
  ["WITH x AS (SELECT 1) INSERT INTO mirror_records SELECT 'a', 'b', '{}', 1 FROM x", WRITES],
  ["WITH RECURSIVE x(n) AS (SELECT 1) UPDATE mirror_records SET payload = '{}'", WRITES],
  ['/* hi */ DELETE FROM mirror_records', WRITES],
  ['-- c\nDELETE FROM mirror_records', WRITES],
  ['/* a */ -- b\n  /* c */ DrOp TaBlE mirror_records', WRITES],
  ['DELETE/**/FROM mirror_records', WRITES],
  ['; DELETE FROM mirror_records', WRITES],
  ['EXPLAIN DELETE FROM mirror_records', WRITES],
  ['EXPLAIN QUERY PLAN WITH x AS (SELECT 1) DELETE FROM mirror_records', WRITES],
  ["ATTACH DATABASE '{dir}/attached.db' AS evil", ATTACH],
  ["/* x */ attach '{dir}/attached2.db' as evil", ATTACH],
  ['DETACH DATABASE evil', ATTACH],
  ['PRAGMA writable_schema = 1', PRAGMA],
  ['PRAGMA journal_mode = DELETE', PRAGMA],
  ['PRAGMA query_only = 0', PRAGMA],
  ['PRAGMA user_version = 42', PRAGMA],
  ['PRAGMA wal_checkpoint(TRUNCATE)', PRAGMA],
  ['PRAGMA table_info(mirror_records)', PRAGMA],
  ['EXPLAIN QUERY PLAN PRAGMA query_only = 0', PRAGMA],
  ['BEGIN', TXN],
  ['BEGIN IMMEDIATE', TXN],
  ['COMMIT', TXN],
  ['END TRANSACTION', TXN],
  ['ROLLBACK', TXN],
  ['SAVEPOINT s1', TXN],
  ['RELEASE s1', TXN],
  ['VACUUM', MAINTENANCE],
  ["VACUUM INTO '{dir}/copy.db'", MAINTENANCE],
  ['REINDEX', MAINTENANCE],
  ['ANALYZE', MAINTENANCE],
  ['SELECT 1; DROP TABLE mirror_records', ONE],
  ['SELECT * FROM nosuch; DROP TABLE mirror_records', ONE],
  ['SELECT 1;; DELETE FROM mirror_records', ONE],
  ["SELECT ';' AS s; DELETE FROM mirror_records", ONE],
  ['SELECT 1 /* ; */; -- x\n DELETE FROM mirror_records', ONE],
  ['SELECT 1\u0000; DROP TABLE mirror_records', ONE],
  ['VALUES (1); VACUUM', ONE],
  ['', NO_STATEMENT],
  ['  -- only a comment\n /* and another */ ;', NO_STATEMENT],
];

const inDir = (sql: string, dir: string): string => sql.replaceAll('{dir}', dir);

describe('the read-only query guard', () => {
  let fixture: MirrorDatabaseFixture;
  let q: MirrorQuery;

  beforeEach(() => {
    fixture = createMirrorDatabase();
    q = openQuery(fixture.dbPath);
  });

  afterEach(() => {
    q.close();
    fixture.cleanup();
  });

  it('has a hostile corpus of at least 30 statements', () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE_CORPUS)(
    'refuses %p with a QueryRefusedError (reason %p) and changes nothing',
    (template, reason) => {
      const sql = inDir(template, fixture.dir);
      const before = snapshotDatabase(fixture);

      let thrown: unknown;
      try {
        q.query(sql);
      } catch (err) {
        thrown = err;
      }

      expect(thrown).toBeInstanceOf(QueryRefusedError);
      const refused = thrown as QueryRefusedError;
      expect(refused.code).toBe('QUERY_REFUSED');
      expect(refused.sql).toBe(sql);
      expect(refused.reason).toMatch(reason);
      expect(refused.message).toBe(`query refused: ${refused.reason}`);
      expect(snapshotDatabase(fixture)).toEqual(before);
    },
  );

  it('refuses the whole corpus on one connection, and a second connection then sees the data unchanged', () => {
    const before = snapshotDatabase(fixture);
    const corpus = HOSTILE_CORPUS.map(([template]) => inDir(template, fixture.dir));

    const outcomes = corpus.map((sql) => {
      try {
        q.query(sql);
        return `${sql}: ran`;
      } catch (err) {
        return err instanceof QueryRefusedError ? 'refused' : `${sql}: ${String(err)}`;
      }
    });

    expect(outcomes).toEqual(corpus.map(() => 'refused'));
    expect(snapshotDatabase(fixture)).toEqual(before);
    expect(fs.existsSync(path.join(fixture.dir, 'copy.db'))).toBe(false);
    expect(fs.existsSync(path.join(fixture.dir, 'attached.db'))).toBe(false);
    expect(fs.existsSync(path.join(fixture.dir, 'attached2.db'))).toBe(false);
    // still a working read-only connection, still the same data
    expect(q.query('SELECT count(*) AS n FROM mirror_records').rows).toEqual([{ n: 3 }]);
  });

  it('refuses a write even when a writer transaction is open on the same file', () => {
    fixture.writer.exec('BEGIN IMMEDIATE');
    expect(() => q.query('DELETE FROM mirror_records')).toThrow(QueryRefusedError);
    fixture.writer.exec('COMMIT');
    expect(snapshotDatabase(fixture).records).toHaveLength(3);
  });

  it.each([
    ['SELECT 1 AS one', [{ one: 1 }]],
    ['select 1 as one;', [{ one: 1 }]],
    ['SELECT 1 AS one; -- trailing comment', [{ one: 1 }]],
    ['SELECT 1 AS one /* c */ ; /* trailing */', [{ one: 1 }]],
    ['SELECT 1 AS one;;', [{ one: 1 }]],
    ['/* leading */ SELECT 1 AS one', [{ one: 1 }]],
    ['-- leading\nSELECT 1 AS one', [{ one: 1 }]],
    ['; SELECT 1 AS one', [{ one: 1 }]],
    ['WITH x AS (SELECT 2 AS a) SELECT a FROM x', [{ a: 2 }]],
    [
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n',
      [{ i: 1 }, { i: 2 }, { i: 3 }],
    ],
    ["VALUES (1, 'a')", [{ column1: 1, column2: 'a' }]],
    ["SELECT 'DROP TABLE x; DELETE FROM y' AS s", [{ s: 'DROP TABLE x; DELETE FROM y' }]],
    ['SELECT 1 AS "delete", 2 AS [drop], 3 AS `pragma`', [{ delete: 1, drop: 2, pragma: 3 }]],
    [
      "SELECT name FROM pragma_table_info('mirror_records') WHERE pk > 0 ORDER BY pk",
      [{ name: 'resource' }, { name: 'record_id' }],
    ],
    ["SELECT name FROM sqlite_schema WHERE type = 'view'", [{ name: 'users' }]],
    ['SELECT name FROM users ORDER BY record_id', [{ name: 'Ada' }, { name: 'Grace' }]],
  ])('allows %p', (sql, rows) => {
    expect(q.query(sql).rows).toEqual(rows);
  });

  it('allows EXPLAIN and EXPLAIN QUERY PLAN of a SELECT', () => {
    expect(q.query('EXPLAIN SELECT * FROM mirror_records').rows.length).toBeGreaterThan(0);
    const plan = q.query(
      "EXPLAIN QUERY PLAN SELECT * FROM mirror_records WHERE resource = 'users' AND record_id = 'u1'",
    );
    expect(plan.columns).toContain('detail');
    expect(JSON.stringify(plan.rows)).toMatch(/USING INDEX/);
  });

  it.each([
    ['SELEC 1', /syntax error/],
    ['SELECT * FROM nosuch', /no such table: nosuch/],
    ['SELECT nosuch FROM mirror_records', /no such column: nosuch/],
    ["SELECT 'unterminated", /unrecognized token/],
  ])('reports %p as a QueryError with SQLite’s message and the SqliteError as cause', (sql, message) => {
    let thrown: unknown;
    try {
      q.query(sql);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(QueryError);
    const error = thrown as QueryError;
    expect(error.code).toBe('QUERY_FAILED');
    expect(error.sql).toBe(sql);
    expect(error.message).toMatch(message);
    expect((error.cause as { code?: unknown }).code).toBe('SQLITE_ERROR');
  });

  it('reports errors raised while stepping (malformed JSON) as a QueryError', () => {
    expect(() => q.query("SELECT json_extract('{bad', '$.a')")).toThrow(/malformed JSON/);
    expect(() => q.query("SELECT json_extract('{bad', '$.a')")).toThrow(QueryError);
    expect(() =>
      q.query("SELECT json_extract(p, '$.a') FROM (SELECT '{}' AS p UNION ALL SELECT '{bad')"),
    ).toThrow(/malformed JSON/);
    expect(q.query('SELECT count(*) AS n FROM mirror_records').rows).toEqual([{ n: 3 }]);
  });

  it('does not let SQL load extensions', () => {
    expect(() => q.query("SELECT load_extension('/tmp/evil.so')")).toThrow(QueryError);
    expect(() => q.query("SELECT load_extension('/tmp/evil.so')")).toThrow(/not authorized/);
  });
});
