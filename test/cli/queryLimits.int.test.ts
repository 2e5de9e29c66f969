import { openStore } from '../../src/store/openStore.js';
import { runCli } from '../support/cli.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** 200 notes of about 1 KB each, with their view `notes`. */
const seed = async (path: string): Promise<void> => {
  const store = openStore({ path });
  try {
    await sync(store, {
      s: Array.from({ length: 200 }, (_, i) =>
        up('notes', `n${String(i).padStart(3, '0')}`, { i, body: 'x'.repeat(1000) }),
      ),
    });
  } finally {
    store.close();
  }
};

describe('oxide-mirror query limits (the real built CLI)', () => {
  it('cuts the result at --max-bytes and says on stderr how to page or narrow', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const r = runCli([
      'query',
      '--db',
      db,
      'SELECT record_id, body FROM notes ORDER BY record_id',
      '--format',
      'json-envelope',
      '--max-bytes',
      '5000',
    ]);
    expect(r.status).toBe(3); // a cut result, in every format: a script cannot take it for the whole
    const envelope = JSON.parse(r.stdout) as { rows: unknown[]; truncated: unknown };
    const { rows } = envelope;
    expect(rows).toHaveLength(4);
    expect(envelope.truncated).toMatchObject({ reason: 'bytes', limit: 5000 });
    expect(Buffer.byteLength(JSON.stringify(rows))).toBeLessThanOrEqual(5000);
    expect(r.stderr).toBe(
      'oxide-mirror: result truncated at its byte cap (raise it with --max-bytes N): the next row would pass ' +
        "the 4.9 KiB byte cap after 4 rows: select fewer or narrower columns (the fields you need, e.g. json_extract(col, '$.a.b'), " +
        'instead of whole objects or payloads; substr() of long text), or page with ORDER BY <a unique key> LIMIT 4 ' +
        'OFFSET 4 (then OFFSET 8, …)\n',
    );
  });

  it('cuts at the default 256 KiB without --max-bytes, and at --limit rows', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const all = runCli(['query', '--db', db, 'SELECT * FROM notes', '--format', 'ndjson']);
    expect(all.status).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(200); // about 220 KB: under the default cap
    const doubled = runCli([
      'query',
      '--db',
      db,
      'SELECT n.*, m.body AS body2 FROM notes n JOIN notes m USING (record_id)',
      '--format',
      'ndjson',
    ]);
    expect(doubled.status).toBe(3);
    expect(doubled.stderr).toMatch(/^oxide-mirror: result truncated at its byte cap/);
    expect(doubled.stdout.trim().split('\n').length).toBeLessThan(200);
    const limited = runCli(['query', '--db', db, 'SELECT i FROM notes ORDER BY i', '--limit', '3']);
    expect(limited.status).toBe(3);
    expect(limited.stdout).toBe('i\n-\n0\n1\n2\n(truncated at 3 rows)\n');
    expect(limited.stderr).toMatch(
      /^oxide-mirror: result truncated at 3 rows \(raise it with --limit N\): more than 3 rows: page with/,
    );
  });

  it('kills a runaway query at --timeout-ms and exits 1 with the limit, the query and how to narrow it', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const sql = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    const started = performance.now();
    const r = runCli(['query', '--db', db, sql, '--timeout-ms', '300']);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^oxide-mirror: query exceeded its time limit of 300 ms and was stopped \(its query process was killed\): WITH RECURSIVE c\(x\) .* Narrow it: .* \[QUERY_FAILED\]\n$/,
    );
  });

  it('refuses limits that are not positive integers as wrong usage (exit 2)', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    for (const [flag, value] of [
      ['--limit', '0'],
      ['--max-bytes', '1.5'],
      ['--timeout-ms', 'soon'],
    ] as const) {
      const r = runCli(['query', '--db', db, 'SELECT 1', flag, value]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `oxide-mirror: option '${flag} <N>' argument '${value}' is invalid. Expected a positive integer, in digits (1, 2, 3, …).\n` +
          'see: oxide-mirror query --help\n',
      );
    }
  });
});
