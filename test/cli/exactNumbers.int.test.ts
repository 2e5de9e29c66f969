import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { runCli } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir('oxide-mirror-numbers-');

/**
 * Delta lines written by hand: JSON.stringify cannot write these numbers, which is the point. `payload`
 * is JSON text, put in as it is.
 */
const line = (id: string, payload: string, minute = 0): string =>
  `{"resource":"pets","record_id":"${id}","op":"upsert","payload":${payload},` +
  `"occurred_at":"2024-05-01T09:${String(minute).padStart(2, '0')}:00Z","provenance":{"source":"shop","confidence":1}}`;

/** The numbers: beyond 2^53, a 64-bit snowflake, more digits than a double, beyond a double's range. */
const BIG = '12345678901234567890';
const SNOWFLAKE = '1234567890123456789';
const PI = '3.141592653589793238462643383279';

const ingest = (db: string, lines: readonly string[], ...flags: string[]): SyncReport => {
  const file = tmp.path(`in-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const r = runCli(['ingest', file, '--db', db, '--json', ...flags]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as SyncReport;
};

const query = (db: string, sql: string, format = 'json'): string => {
  const r = runCli(['query', '--db', db, sql, '--format', format]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
};

/** The stored payload text of each record, read straight from SQLite. */
const storedPayloads = (db: string): Record<string, string> => {
  const reader = new Database(db, { readonly: true });
  const rows = reader.prepare('SELECT record_id, payload FROM mirror_records ORDER BY record_id').all() as {
    record_id: string;
    payload: string;
  }[];
  reader.close();
  return Object.fromEntries(rows.map((r) => [r.record_id, r.payload]));
};

describe('numbers beyond a double keep every digit through ingest, the views and query (issue 10.3)', () => {
  it('stores integers beyond 2^53 and 64-bit ids with all their digits, nested ones too', () => {
    const db = tmp.path('m.db');
    const report = ingest(db, [
      line(
        'p1',
        `{"id":${BIG},"snowflake":${SNOWFLAKE},"small":5,"owner":{"id":${BIG}},"ids":[${SNOWFLAKE},1]}`,
      ),
    ]);
    expect(report.total).toMatchObject({ applied: 1, rejected: 0 });
    expect(storedPayloads(db)).toEqual({
      p1: `{"id":${BIG},"ids":[${SNOWFLAKE},1],"owner":{"id":${BIG}},"small":5,"snowflake":${SNOWFLAKE}}`,
    });
  });

  it('keeps the digits of decimals beyond a double and of numbers beyond its range', () => {
    const db = tmp.path('m.db');
    const report = ingest(db, [line('p1', `{"pi":${PI},"huge":1e400,"tiny":-1e-400,"price":19.99}`)]);
    expect(report.total).toMatchObject({ applied: 1, rejected: 0 });
    // Canonical form: keys sorted, and an exponent written the way JavaScript writes one (`1e+400`).
    expect(storedPayloads(db)).toEqual({ p1: `{"huge":1e+400,"pi":${PI},"price":19.99,"tiny":-1e-400}` });
  });

  it('gives a query the exact value through the view: INTEGER within 64 bits, TEXT with the digits beyond', () => {
    const db = tmp.path('m.db');
    ingest(db, [
      line('p1', `{"id":${BIG},"snowflake":${SNOWFLAKE},"pi":${PI},"price":19.99,"n":5}`),
      line('p2', `{"id":7,"snowflake":8,"pi":0.5,"price":1.25,"n":6}`),
    ]);
    const sql =
      'SELECT record_id, id, typeof(id) AS id_type, snowflake, typeof(snowflake) AS snowflake_type, ' +
      'pi, typeof(pi) AS pi_type, price, typeof(price) AS price_type, n FROM pets ORDER BY record_id';
    expect(JSON.parse(query(db, sql)) as unknown).toEqual([
      {
        record_id: 'p1',
        id: BIG,
        id_type: 'text',
        snowflake: SNOWFLAKE, // an INTEGER beyond 2^53: JSON output gives its exact decimal text
        snowflake_type: 'integer',
        pi: PI,
        pi_type: 'text',
        price: 19.99,
        price_type: 'real',
        n: 5,
      },
      // The same columns keep ordinary numbers numeric: comparisons and sums work as before.
      {
        record_id: 'p2',
        id: 7,
        id_type: 'integer',
        snowflake: 8,
        snowflake_type: 'integer',
        pi: 0.5,
        pi_type: 'real',
        price: 1.25,
        price_type: 'real',
        n: 6,
      },
    ]);
    // An exact lookup by the 64-bit id, and the SQL integer arithmetic on it.
    expect(
      JSON.parse(
        query(db, `SELECT record_id, snowflake + 1 AS next FROM pets WHERE snowflake = ${SNOWFLAKE}`),
      ),
    ).toEqual([{ record_id: 'p1', next: '1234567890123456790' }]);
    // The same lookup with the id as a bound parameter: a 64-bit integer, every digit, not text.
    const bound = runCli([
      'query',
      '--db',
      db,
      'SELECT record_id FROM pets WHERE snowflake = ?',
      '--param',
      SNOWFLAKE,
      '--format',
      'ndjson',
    ]);
    expect(bound.stdout).toBe('{"record_id":"p1"}\n');
  });

  it('keeps the digits in every output format', () => {
    const db = tmp.path('m.db');
    ingest(db, [line('p1', `{"id":${BIG},"snowflake":${SNOWFLAKE},"pi":${PI}}`)]);
    const sql = 'SELECT id, snowflake, pi FROM pets';
    expect(query(db, sql, 'json')).toBe(`[{"id":"${BIG}","snowflake":"${SNOWFLAKE}","pi":"${PI}"}]\n`);
    expect(query(db, sql, 'json-envelope')).toBe(
      `{"columns":["id","snowflake","pi"],"rows":[{"id":"${BIG}","snowflake":"${SNOWFLAKE}","pi":"${PI}"}],"truncated":false}\n`,
    );
    expect(query(db, sql, 'ndjson')).toBe(`{"id":"${BIG}","snowflake":"${SNOWFLAKE}","pi":"${PI}"}\n`);
    expect(query(db, sql, 'csv')).toBe(`id,snowflake,pi\r\n${BIG},${SNOWFLAKE},${PI}\r\n`);
    const table = query(db, sql, 'table');
    for (const digits of [BIG, SNOWFLAKE, PI]) expect(table).toContain(digits);
    expect(query(db, 'SELECT payload FROM mirror_records', 'json')).toContain(`\\"id\\":${BIG}`);
  });

  it('merges into a stored record without losing its digits, and replays to the same bytes', () => {
    const db = tmp.path('m.db');
    ingest(db, [line('p1', `{"id":${BIG},"pi":${PI},"tags":[${SNOWFLAKE}]}`, 0)]);
    // merge-json reads the stored record back: its numbers must come back exact to be written again.
    ingest(db, [line('p1', '{"name":"Rex"}', 1)], '--strategy', 'merge-json');
    const merged = `{"id":${BIG},"name":"Rex","pi":${PI},"tags":[${SNOWFLAKE}]}`;
    expect(storedPayloads(db)).toEqual({ p1: merged });

    const copy = tmp.path('copy.db');
    const replay = runCli(['replay', '--db', db, '--into', copy]);
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(0);
    expect(storedPayloads(copy)).toEqual({ p1: merged });
    expect(runCli(['verify', '--db', db]).status).toBe(0);
  });

  it('applies 5 and 5.0 and a re-sent line as the same delta, and 2^53 + 1 as a different one', () => {
    const db = tmp.path('m.db');
    const report = ingest(db, [
      line('p1', '{"n":5}'),
      line('p1', '{"n":5.0}'),
      line('p2', '{"n":9007199254740992}', 1),
      line('p2', '{"n":9007199254740993}', 2),
    ]);
    expect(report.total).toMatchObject({ pulled: 4, applied: 3, duplicates: 1 });
    expect(storedPayloads(db)).toEqual({ p1: '{"n":5}', p2: '{"n":9007199254740993}' });
  });
});
