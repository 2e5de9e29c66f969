import { writeFileSync } from 'node:fs';
import { openStore } from '../../src/store/openStore.js';
import { runCli } from '../support/cli.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** Invoices with amounts 100, 200, …, 3000 and ids that look like numbers (`007`). */
const seed = async (path: string): Promise<void> => {
  const store = openStore({ path });
  try {
    await sync(store, {
      billing: Array.from({ length: 30 }, (_, i) =>
        up('invoices', String(i + 1).padStart(3, '0'), { amount: (i + 1) * 100, customer: `c${i % 3}` }),
      ),
    });
  } finally {
    store.close();
  }
};

const ndjson = (stdout: string): unknown[] =>
  stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);

describe('oxide-mirror query: parameters, where the SQL comes from, and how rows are shown', () => {
  it('binds a number as a number, so a comparison with a numeric column finds the rows', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const sql = 'SELECT count(*) AS n FROM invoices WHERE amount > ?';
    const r = runCli(['query', '--db', db, sql, '--param', '1000', '--format', 'ndjson']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(ndjson(r.stdout)).toEqual([{ n: 20 }]);
    // As text (--param-text), a number is never greater than text: the old behaviour, on request.
    const text = runCli(['query', '--db', db, sql, '--param-text', '1000', '--format', 'ndjson']);
    expect(ndjson(text.stdout)).toEqual([{ n: 0 }]);
  });

  it('binds a value that only looks like a number (007) as text, and fills placeholders in order', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const r = runCli([
      'query',
      '--db',
      db,
      'SELECT record_id, amount FROM invoices WHERE record_id = ? AND amount = ?',
      '--param',
      '007',
      '--param',
      '700',
      '--format',
      'ndjson',
    ]);
    expect(ndjson(r.stdout)).toEqual([{ record_id: '007', amount: 700 }]);
  });

  it('reads the SQL from a file or from stdin, and refuses empty SQL as wrong usage', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const file = tmp.path('q.sql');
    writeFileSync(file, '-- how many\nSELECT count(*) AS n FROM invoices\n');
    const fromFile = runCli(['query', '--db', db, '--file', file, '--format', 'ndjson']);
    expect(ndjson(fromFile.stdout)).toEqual([{ n: 30 }]);
    const fromStdin = runCli(['query', '--db', db, '-', '--format', 'ndjson'], {
      input: 'SELECT max(amount) AS top FROM invoices',
    });
    expect(ndjson(fromStdin.stdout)).toEqual([{ top: 3000 }]);
    const empty = runCli(['query', '--db', db, '--file', '-'], { input: '  -- nothing\n' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^oxide-mirror: .*\nsee: oxide-mirror query --help\n$/);
    const missing = runCli(['query', '--db', db, '--file', tmp.path('nope.sql')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.sql');
  });

  it('refuses a --param it cannot bind as wrong usage: one line naming --param, then the query help', () => {
    // Refused while the arguments are parsed, before the database is even looked at.
    const r = runCli(['query', '--db', tmp.path('none.db'), 'SELECT ?', '--param', '1e400']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^oxide-mirror: --param: 1e400 is beyond .*--param-text\nsee: oxide-mirror query --help\n$/,
    );
  });

  it('prints one field per line with --format expanded, values whole', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const r = runCli([
      'query',
      '--db',
      db,
      "SELECT record_id, amount FROM invoices WHERE record_id IN ('001', '002') ORDER BY record_id",
      '--format',
      'expanded',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/-\[ RECORD 1 \]-+\nrecord_id \| 001\namount +\| 100\n-\[ RECORD 2 \]-+\n/);
  });
});
