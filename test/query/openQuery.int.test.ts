import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { QueryError } from '../../src/errors/QueryError.js';
import { StorageCorruptError } from '../../src/errors/StorageCorruptError.js';
import { StorageError } from '../../src/errors/StorageError.js';
import type { MirrorQuery } from '../../src/query/MirrorQuery.js';
import { openQuery } from '../../src/query/openQuery.js';
import { DEFAULT_MAX_BYTES, DEFAULT_ROW_LIMIT } from '../../src/query/QueryOptions.js';
import { createMirrorDatabase, type MirrorDatabaseFixture } from '../support/mirrorDatabaseFixture.js';

const COUNT = 'SELECT count(*) AS n FROM mirror_records';

describe('openQuery', () => {
  let fixture: MirrorDatabaseFixture;
  const opened: MirrorQuery[] = [];
  const open = (...args: Parameters<typeof openQuery>): MirrorQuery => {
    const q = openQuery(...args);
    opened.push(q);
    return q;
  };

  beforeEach(() => {
    fixture = createMirrorDatabase();
  });

  afterEach(() => {
    for (const q of opened.splice(0)) q.close();
    fixture.cleanup();
  });

  describe('opening a WAL database', () => {
    it('reads while the writer still has it open, and sees each commit', () => {
      expect(fs.existsSync(`${fixture.dbPath}-shm`)).toBe(true);
      const q = open(fixture.dbPath);
      expect(q.query(COUNT).rows).toEqual([{ n: 3 }]);

      fixture.writer.prepare("INSERT INTO mirror_records VALUES ('users', 'u3', '{}', 1)").run();
      expect(q.query(COUNT).rows).toEqual([{ n: 4 }]);
    });

    it('reads after the writer closed it (no -wal/-shm left); the writer can reopen and write, and the reader sees it', () => {
      fixture.closeWriter();
      expect(fs.readdirSync(fixture.dir)).toEqual(['mirror.db']);

      const q = open(fixture.dbPath);
      expect(q.query(COUNT).rows).toEqual([{ n: 3 }]);
      // SQLite >= 3.22 creates the WAL index for the read-only connection, in the (writable) directory
      expect(fs.readdirSync(fixture.dir).sort()).toEqual(['mirror.db', 'mirror.db-shm', 'mirror.db-wal']);

      const writer = new Database(fixture.dbPath, { fileMustExist: true });
      try {
        expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
        writer.prepare("INSERT INTO mirror_records VALUES ('users', 'u3', '{}', 1)").run();
        expect(q.query(COUNT).rows).toEqual([{ n: 4 }]);
      } finally {
        writer.close();
      }
      expect(q.query(COUNT).rows).toEqual([{ n: 4 }]);
    });

    it('recovers committed data from a -wal left without its -shm (a writer that crashed)', () => {
      fixture.writer.pragma('wal_autocheckpoint = 0');
      fixture.writer.prepare("INSERT INTO mirror_records VALUES ('users', 'u3', '{}', 1)").run();
      const crashed = path.join(fixture.dir, 'crashed');
      fs.mkdirSync(crashed);
      fs.copyFileSync(fixture.dbPath, path.join(crashed, 'mirror.db'));
      fs.copyFileSync(`${fixture.dbPath}-wal`, path.join(crashed, 'mirror.db-wal'));

      const q = open(path.join(crashed, 'mirror.db'));
      expect(q.query(COUNT).rows).toEqual([{ n: 4 }]);
    });

    it('refuses a missing file with a StorageError naming it, and creates nothing', () => {
      const missing = path.join(fixture.dir, 'missing.db');
      let thrown: unknown;
      try {
        open(missing);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(StorageError);
      const error = thrown as StorageError;
      expect(error.code).toBe('STORAGE_FAILED');
      expect(error.path).toBe(missing);
      expect(error.message).toContain(missing);
      expect(error.message).toMatch(/does not exist/);
      expect(fs.existsSync(missing)).toBe(false);
    });

    it('refuses a file that is not a SQLite database with a StorageCorruptError', () => {
      const bogus = path.join(fixture.dir, 'bogus.db');
      fs.writeFileSync(bogus, 'this is not a database, just some text that is long enough to have a header');
      expect(() => open(bogus)).toThrow(StorageCorruptError);
      expect(() => open(bogus)).toThrow(
        /bogus\.db: the file is not a SQLite database \(file is not a database\)/,
      );
    });

    it.each([
      [{ rowLimit: 0 }, 'rowLimit'],
      [{ rowLimit: -1 }, 'rowLimit'],
      [{ rowLimit: 1.5 }, 'rowLimit'],
      [{ timeoutMs: 0 }, 'timeoutMs'],
      [{ timeoutMs: Number.NaN }, 'timeoutMs'],
    ])('refuses options %p with an InvalidOptionsError naming %s', (options, option) => {
      expect(() => open(fixture.dbPath, options)).toThrow(InvalidOptionsError);
      expect(() => open(fixture.dbPath, options)).toThrow(new RegExp(`^${option}: `));
    });

    it('offers only query and close, and close is idempotent; querying after close is a QueryError', () => {
      const q = open(fixture.dbPath);
      expect(Object.keys(q).sort()).toEqual(['close', 'query']);
      // @ts-expect-error the query surface has no write methods
      expect(q.exec).toBeUndefined();
      q.close();
      q.close();
      expect(() => q.query('SELECT 1')).toThrow(QueryError);
      expect(() => q.query('SELECT 1')).toThrow(/closed/);
    });
  });

  describe('rows as plain JSON values', () => {
    it('types stored columns by value: TEXT as string, INTEGER as number, payload JSON text as string', () => {
      const q = open(fixture.dbPath);
      const result = q.query(
        "SELECT resource, record_id, payload, version FROM mirror_records WHERE record_id = 'o1'",
      );
      expect(result.columns).toEqual(['resource', 'record_id', 'payload', 'version']);
      expect(result.rows).toEqual([
        {
          resource: 'orders',
          record_id: 'o1',
          payload: '{"total":12.5,"note":"it\'s, \\"quoted\\""}',
          version: 1,
        },
      ]);
    });

    it('types computed columns correctly: count(*), json_extract text/number/boolean/object, aggregates (original behaviour 12)', () => {
      const q = open(fixture.dbPath);
      const { rows } = q.query(`
        SELECT count(*) AS n,
               json_extract(payload, '$.name') AS name,
               json_extract(payload, '$.age') AS age,
               json_extract(payload, '$.score') AS score,
               json_extract(payload, '$.active') AS active,
               json_extract(payload, '$.address') AS address,
               json_extract(payload, '$.tags') AS tags,
               json_extract(payload, '$.missing') AS missing,
               payload ->> '$.address.city' AS city,
               '1' || '2' AS digits,
               CAST('42' AS INTEGER) AS cast_int,
               avg(version) AS avg_version,
               typeof(json_extract(payload, '$.name')) AS name_type
        FROM mirror_records WHERE record_id = 'u1'`);
      expect(rows).toEqual([
        {
          n: 1,
          name: 'Ada',
          age: 36,
          score: 9.5,
          active: 1,
          address: '{"city":"London"}',
          tags: '["a","b"]',
          missing: null,
          city: 'London',
          digits: '12',
          cast_int: 42,
          avg_version: 1,
          name_type: 'text',
        },
      ]);
      expect(typeof rows[0]!.n).toBe('number');
      expect(typeof rows[0]!.name).toBe('string');
    });

    it('returns integers beyond 2^53 as exact decimal strings and safe ones as numbers', () => {
      const q = open(fixture.dbPath);
      expect(
        q.query('SELECT 9007199254740991 AS max_safe, 9007199254740993 AS big, -9223372036854775808 AS min64')
          .rows,
      ).toEqual([{ max_safe: 9007199254740991, big: '9007199254740993', min64: '-9223372036854775808' }]);
    });

    it('returns BLOBs as base64, REALs as numbers, infinities as strings and NULL as null', () => {
      const q = open(fixture.dbPath);
      expect(
        q.query(
          "SELECT x'00ff10' AS blob, zeroblob(0) AS empty, 0.5 AS half, 2.0 AS two, 1e999 AS inf, -1e999 AS ninf, NULL AS nil",
        ).rows,
      ).toEqual([
        { blob: 'AP8Q', empty: '', half: 0.5, two: 2, inf: 'Infinity', ninf: '-Infinity', nil: null },
      ]);
    });

    it('keeps repeated column names apart and treats a column named __proto__ as data', () => {
      const q = open(fixture.dbPath);
      const result = q.query('SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS "__proto__"');
      expect(result.columns).toEqual(['a', 'a_3', 'a_2', '__proto__']);
      const row = result.rows[0]!;
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.entries(row)).toEqual([
        ['a', 1],
        ['a_3', 2],
        ['a_2', 3],
        ['__proto__', 4],
      ]);
    });

    it('reports the columns of an empty result', () => {
      const q = open(fixture.dbPath);
      expect(q.query("SELECT record_id, version FROM mirror_records WHERE resource = 'nope'")).toEqual({
        columns: ['record_id', 'version'],
        rows: [],
        truncated: false,
        rowLimit: DEFAULT_ROW_LIMIT,
        maxBytes: DEFAULT_MAX_BYTES,
      });
    });
  });

  describe('parameters', () => {
    it('binds positional and named (:, @, $) parameters', () => {
      const q = open(fixture.dbPath);
      const sqlPositional =
        'SELECT record_id FROM mirror_records WHERE resource = ? AND version >= ? ORDER BY record_id';
      expect(q.query(sqlPositional, ['users', 1]).rows).toEqual([{ record_id: 'u1' }, { record_id: 'u2' }]);
      for (const prefix of [':', '@', '$']) {
        const sql = `SELECT record_id FROM mirror_records WHERE resource = ${prefix}resource AND version = ${prefix}v`;
        expect(q.query(sql, { resource: 'users', v: 2 }).rows).toEqual([{ record_id: 'u2' }]);
      }
    });

    it('binds values, never SQL: injection attempts match nothing and change nothing', () => {
      const q = open(fixture.dbPath);
      const sql = 'SELECT record_id FROM mirror_records WHERE resource = ?';
      expect(q.query(sql, ["users' OR '1'='1"]).rows).toEqual([]);
      expect(q.query(sql, ["x'; DROP TABLE mirror_records; --"]).rows).toEqual([]);
      expect(q.query('SELECT :v AS v', { v: 'DELETE FROM mirror_records' }).rows).toEqual([
        { v: 'DELETE FROM mirror_records' },
      ]);
      expect(q.query(COUNT).rows).toEqual([{ n: 3 }]);
    });

    it('binds safe integers as INTEGER, other numbers as REAL, booleans as 1/0 and bigints exactly', () => {
      const q = open(fixture.dbPath);
      expect(q.query('SELECT ? / 2 AS half, typeof(?) AS t, ? / 2 AS real_half', [5, 5, 5.5]).rows).toEqual([
        { half: 2, t: 'integer', real_half: 2.75 },
      ]);
      expect(
        q.query("SELECT record_id FROM mirror_records WHERE json_extract(payload, '$.active') = ?", [true])
          .rows,
      ).toEqual([{ record_id: 'u1' }]);
      expect(q.query('SELECT ? AS f', [false]).rows).toEqual([{ f: 0 }]);
      expect(q.query('SELECT ? AS big, ? + 0 AS small', [9007199254740993n, 7n]).rows).toEqual([
        { big: '9007199254740993', small: 7 },
      ]);
    });

    it('pages with LIMIT ? OFFSET ?', () => {
      const q = open(fixture.dbPath);
      const sql = 'SELECT record_id FROM mirror_records ORDER BY resource, record_id LIMIT ? OFFSET ?';
      expect(q.query(sql, [2, 0]).rows).toEqual([{ record_id: 'o1' }, { record_id: 'u1' }]);
      expect(q.query(sql, [2, 2]).rows).toEqual([{ record_id: 'u2' }]);
    });

    it('refuses values SQLite cannot bind with an InvalidOptionsError naming the parameter', () => {
      const q = open(fixture.dbPath);
      const bad = (params: unknown) => () => q.query('SELECT ?', params as never);
      expect(bad([undefined])).toThrow(InvalidOptionsError);
      expect(bad([undefined])).toThrow(/^params\[0\]: /);
      expect(bad([Number.NaN])).toThrow(/^params\[0\]: expected a finite number/);
      expect(bad([{}])).toThrow(InvalidOptionsError);
      expect(() => q.query('SELECT :a', { a: [1] } as never)).toThrow(/^params\.a: /);
      expect(() => q.query('SELECT ?', 'x' as never)).toThrow(InvalidOptionsError);
    });

    it('reports missing or surplus parameters as a QueryError', () => {
      const q = open(fixture.dbPath);
      expect(() => q.query('SELECT ?, ?', [1])).toThrow(QueryError);
      expect(() => q.query('SELECT ?, ?', [1])).toThrow(/Too few parameter values/);
      expect(() => q.query('SELECT ?', [1, 2])).toThrow(/Too many parameter values/);
      expect(() => q.query('SELECT :a', {})).toThrow(/Missing named parameter "a"/);
      expect(() => q.query('SELECT ?', [2n ** 70n])).toThrow(QueryError);
    });
  });

  describe('row limit', () => {
    it('returns at most rowLimit rows and flags the result as truncated when more exist', () => {
      const q = open(fixture.dbPath, { rowLimit: 2 });
      const truncated = q.query('SELECT record_id FROM mirror_records ORDER BY record_id');
      expect(truncated).toEqual({
        columns: ['record_id'],
        rows: [{ record_id: 'o1' }, { record_id: 'u1' }],
        truncated: true,
        truncatedBy: 'rows',
        hint: expect.stringContaining('LIMIT 2 OFFSET 2'),
        rowLimit: 2,
        maxBytes: DEFAULT_MAX_BYTES,
      });
      const exact = q.query('SELECT record_id FROM mirror_records ORDER BY record_id LIMIT 2');
      expect(exact.truncated).toBe(false);
      expect(exact.rows).toHaveLength(2);
    });

    it('lets one call override the limit', () => {
      const q = open(fixture.dbPath, { rowLimit: 2 });
      const all = q.query('SELECT record_id FROM mirror_records', undefined, { rowLimit: 3 });
      expect(all.truncated).toBe(false);
      expect(all.rows).toHaveLength(3);
      expect(all.rowLimit).toBe(3);
      expect(() => q.query('SELECT 1', undefined, { rowLimit: 0 })).toThrow(InvalidOptionsError);
    });

    it(`defaults to ${DEFAULT_ROW_LIMIT} rows, and the connection stays usable after a truncated read`, () => {
      const q = open(fixture.dbPath);
      const result = q.query(
        'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT i FROM n',
      );
      expect(result.rows).toHaveLength(DEFAULT_ROW_LIMIT);
      expect(result.rows.at(-1)).toEqual({ i: DEFAULT_ROW_LIMIT });
      expect(result.truncated).toBe(true);
      expect(q.query(COUNT).rows).toEqual([{ n: 3 }]);
    });
  });

  describe('time limit', () => {
    it('stops a query that keeps producing rows past its deadline with a QueryError suggesting a narrower query', () => {
      const q = open(fixture.dbPath, { timeoutMs: 1, rowLimit: 100_000_000 });
      const sql = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n';
      const started = performance.now();
      let thrown: unknown;
      try {
        q.query(sql);
      } catch (err) {
        thrown = err;
      }
      expect(performance.now() - started).toBeLessThan(2000);
      expect(thrown).toBeInstanceOf(QueryError);
      const error = thrown as QueryError;
      expect(error.code).toBe('QUERY_FAILED');
      expect(error.sql).toBe(sql);
      expect(error.message).toMatch(/time limit of 1 ms/);
      expect(error.message).toMatch(/LIMIT/);
      // the statement was reset: the connection still answers
      expect(q.query(COUNT).rows).toEqual([{ n: 3 }]);
    });
  });

  describe('alongside a writer', () => {
    it('is not blocked by an open write transaction, and sees only committed data', () => {
      const q = open(fixture.dbPath);
      fixture.writer.exec('BEGIN IMMEDIATE');
      fixture.writer.prepare("INSERT INTO mirror_records VALUES ('users', 'u3', '{}', 1)").run();
      expect(q.query(COUNT).rows).toEqual([{ n: 3 }]);
      fixture.writer.exec('COMMIT');
      expect(q.query(COUNT).rows).toEqual([{ n: 4 }]);
    });

    it('keeps reading correctly while the writer keeps writing and checkpointing', () => {
      const q = open(fixture.dbPath);
      fixture.writer.pragma('wal_autocheckpoint = 4');
      const insert = fixture.writer.prepare("INSERT INTO mirror_records VALUES ('bulk', ?, ?, 1)");
      for (let i = 0; i < 300; i += 1) {
        insert.run(`b${i}`, JSON.stringify({ i, pad: 'x'.repeat(2000) }));
        expect(q.query("SELECT count(*) AS n FROM mirror_records WHERE resource = 'bulk'").rows).toEqual([
          { n: i + 1 },
        ]);
      }
    });

    it('reads consistent snapshots while another process commits continuously', async () => {
      const q = open(fixture.dbPath);
      fixture.closeWriter();
      const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
      // Each transaction inserts a pair of rows, so a consistent snapshot always holds an even number.
      const script = `
        const Database = require(${JSON.stringify(betterSqlite3)});
        const db = new Database(${JSON.stringify(fixture.dbPath)}, { timeout: 5000 });
        db.pragma('journal_mode = WAL');
        const insert = db.prepare("INSERT INTO mirror_records VALUES ('pairs', ?, '{}', 1)");
        const pair = db.transaction((i) => { insert.run('a' + i); insert.run('b' + i); });
        const until = Date.now() + 800;
        let i = 0;
        while (Date.now() < until) pair(i++);
        db.close();
        process.stdout.write(String(i * 2));
      `;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let running = true;
      void exited.then(() => (running = false));

      const seen: number[] = [];
      while (running) {
        const [row] = q.query("SELECT count(*) AS n FROM mirror_records WHERE resource = 'pairs'").rows;
        seen.push(row!.n as number);
        await new Promise((resolve) => setImmediate(resolve));
      }

      expect(await exited).toBe(0);
      expect(seen.length).toBeGreaterThan(10);
      expect(seen.every((n) => n % 2 === 0)).toBe(true);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(new Set(seen).size).toBeGreaterThan(2);
      expect(q.query("SELECT count(*) AS n FROM mirror_records WHERE resource = 'pairs'").rows).toEqual([
        { n: Number(output) },
      ]);
    });
  });
});
