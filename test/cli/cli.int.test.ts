import { writeFileSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { runCli } from '../support/cli.js';
import { deltaLines } from '../support/ndjson.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

const GOOD = deltaLines(5, 3);
const BAD = [
  '{"resource":"items","record_id":"x","op":"upsert","payload":{},"occurred_at":"yesterday","provenance":{"source":"s","confidence":1}}',
  'not json',
];

describe('oxide-mirror CLI (the real built process)', () => {
  it('ingests NDJSON, prints the report, and a query reads the result', () => {
    const file = tmp.path('in.ndjson');
    writeFileSync(file, `${GOOD.join('\n')}\n`);
    const db = tmp.path('m.db');
    const ingest = runCli(['ingest', file, '--db', db, '--json']);
    expect(ingest.status).toBe(0);
    expect((JSON.parse(ingest.stdout) as SyncReport).total).toMatchObject({
      pulled: 5,
      applied: 5,
      rejected: 0,
    });
    const query = runCli([
      'query',
      '--db',
      db,
      'SELECT record_id, version FROM mirror_records ORDER BY record_id',
      '--format',
      'json',
    ]);
    expect(query.status).toBe(0);
    expect(JSON.parse(query.stdout) as unknown).toEqual([
      { record_id: 'r0', version: 2 },
      { record_id: 'r1', version: 2 },
      { record_id: 'r2', version: 1 },
    ]);
  });

  it('reads stdin with -, rejects a malformed line with its number and reason, keeps it, and goes on', () => {
    const db = tmp.path('m.db');
    const r = runCli(['ingest', '-', '--db', db, '--json'], {
      input: [GOOD[0], BAD[0], GOOD[1], BAD[1]].join('\n'),
    });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as SyncReport).total).toMatchObject({ applied: 2, rejected: 2 });
    expect(r.stderr).toContain('2 malformed line(s) rejected');
    const reader = new Database(db, { readonly: true });
    const rejects = reader.prepare('SELECT location, issues FROM mirror_rejects ORDER BY id').all();
    reader.close();
    expect(rejects).toEqual([
      {
        location: 'line 2',
        issues: expect.stringContaining('"path":"occurred_at","reason":"expected an RFC 3339 timestamp'),
      },
      { location: 'line 4', issues: expect.stringContaining('not valid JSON') },
    ]);
  });

  it('with --strict, fails on a malformed line and applies nothing', () => {
    const db = tmp.path('m.db');
    const r = runCli(['ingest', '-', '--db', db, '--strict'], { input: [GOOD[0], BAD[0]].join('\n') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('line 2: occurred_at: expected an RFC 3339 timestamp');
    expect(r.stderr).toContain('nothing was applied');
    expect(existsSync(db)).toBe(false);
  });

  it('honours --strategy and --strategy-for, and refuses an unknown strategy by name', () => {
    const file = tmp.path('in.ndjson');
    const line = (id: string, confidence: number, minute: number) =>
      JSON.stringify({
        resource: id,
        record_id: '1',
        op: 'upsert',
        payload: { c: confidence },
        occurred_at: `2024-01-01T00:0${minute}:00Z`,
        provenance: { source: 's', confidence },
      });
    writeFileSync(
      file,
      [line('a', 0.9, 1), line('a', 0.1, 2), line('b', 0.9, 1), line('b', 0.1, 2)].join('\n'),
    );
    const db = tmp.path('m.db');
    const r = runCli([
      'ingest',
      file,
      '--db',
      db,
      '--strategy',
      'highest-confidence',
      '--strategy-for',
      'b=last-write-wins',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const q = runCli([
      'query',
      '--db',
      db,
      "SELECT resource, json_extract(payload, '$.c') AS c FROM mirror_records ORDER BY resource",
      '--format',
      'csv',
    ]);
    expect(q.stdout).toBe('resource,c\r\na,0.9\r\nb,0.1\r\n');
    const bad = runCli(['ingest', file, '--db', db, '--strategy', 'newest']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      "oxide-mirror: option '--strategy <NAME>' argument 'newest' is invalid. Allowed choices are last-write-wins, highest-confidence, keep-local, merge-json.\n" +
        'see: oxide-mirror ingest --help\n',
    );
  });

  it('refuses a writing query with a clear error and exit code 1, leaving the data', () => {
    const db = tmp.path('m.db');
    runCli(['ingest', '-', '--db', db], { input: GOOD.join('\n') });
    const r = runCli(['query', '--db', db, 'DELETE FROM mirror_records']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('query refused');
    expect(
      runCli(['query', '--db', db, 'SELECT count(*) AS n FROM mirror_records', '--format', 'json']).stdout,
    ).toBe('[{"n":3}]\n');
  });

  it('replays the event log into a new database with identical records', () => {
    const db = tmp.path('m.db');
    runCli(['ingest', '-', '--db', db], { input: deltaLines(300, 40).join('\n') });
    const into = tmp.path('r.db');
    const r = runCli(['replay', '--db', db, '--into', into]);
    expect(r.status).toBe(0);
    const dump = (path: string) =>
      new Database(path, { readonly: true })
        .prepare(
          'SELECT resource, record_id, payload, version, last_synced_at FROM mirror_records ORDER BY 1, 2',
        )
        .all();
    expect(dump(into)).toEqual(dump(db));
    expect(runCli(['replay', '--db', db, '--into', into]).status).toBe(2);
  });

  it('exits 2 on wrong usage, saying what is wrong and where the usage is', () => {
    const r = runCli(['ingest', '--db', tmp.path('m.db')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "oxide-mirror: missing required argument 'FILE|-'\nsee: oxide-mirror ingest --help\n",
    );
    expect(existsSync(tmp.path('m.db'))).toBe(false);
    expect(runCli(['frobnicate']).status).toBe(2);
  });
});
