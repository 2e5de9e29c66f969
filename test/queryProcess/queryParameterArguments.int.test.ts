import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parameterFromArgument } from '../../src/query/parameterFromArgument.js';
import type { MirrorQueryProcess } from '../../src/queryProcess/MirrorQueryProcess.js';
import type * as QueryProcessModule from '../../src/queryProcess/openQueryProcess.js';
import { openStore } from '../../src/store/openStore.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

// `oxide-mirror query --param` end to end below the CLI: the argument text through parameterFromArgument,
// across the query process's IPC channel, bound in the child against a real mirror file. The worker is
// the built one (`npm run build` first).
const DIST = '../../dist';
let openQueryProcess: (typeof QueryProcessModule)['openQueryProcess'];
beforeAll(async () => {
  if (!existsSync(fileURLToPath(new URL(`${DIST}/queryProcess/queryWorker.js`, import.meta.url)))) {
    throw new Error('dist/ is missing or stale: run `npm run build` first (`npm test` does)');
  }
  ({ openQueryProcess } = (await import(
    `${DIST}/queryProcess/openQueryProcess.js`
  )) as typeof QueryProcessModule);
});

const tmp = useTempDir();
let service: MirrorQueryProcess | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

/** 2^53: the first integer a double cannot tell from its neighbour 2^53 + 1. */
const TWO_53 = 9007199254740992n;

/** Invoices whose amounts straddle 1000, and accounts whose 64-bit ids differ only past a double's precision. */
const seed = async (path: string): Promise<void> => {
  const store = openStore({ path });
  try {
    const amounts = [5, 999, 1000, 1000.5, 1001, 2500, 7500, 12000];
    await sync(store, {
      billing: [
        ...amounts.map((amount, i) => up('invoices', `inv${i}`, { amount, ref: `00${i}` }, { minute: 1 })),
        up('accounts', 'a', { id: TWO_53 }, { minute: 1 }),
        up('accounts', 'b', { id: TWO_53 + 1n }, { minute: 1 }),
        up('accounts', 'c', { id: 2n ** 63n - 1n }, { minute: 1 }),
      ],
    });
  } finally {
    store.close();
  }
};

const run = async (sql: string, args: readonly string[], kind?: 'text'): Promise<unknown[]> => {
  const result = await service!.query(
    sql,
    args.map((a) => parameterFromArgument(a, kind)),
  );
  return result.rows;
};

describe('--param values bound by type in the query process, against a mirror file', () => {
  beforeEach(async () => {
    const db = tmp.path('mirror.db');
    await seed(db);
    service = await openQueryProcess(db);
  });

  it('compares amount > ? with 1000 as a number: the three larger amounts, not none', async () => {
    const sql = 'SELECT record_id FROM invoices WHERE amount > ? ORDER BY amount';
    expect(await run(sql, ['1000'])).toEqual([
      { record_id: 'inv3' },
      { record_id: 'inv4' },
      { record_id: 'inv5' },
      { record_id: 'inv6' },
      { record_id: 'inv7' },
    ]);
    // Forced to text, 1000 compares as SQLite compares any number with text: no row matches.
    expect(await run(sql, ['1000'], 'text')).toEqual([]);
    expect(
      await run('SELECT count(*) AS n FROM invoices WHERE amount BETWEEN ? AND ?', ['999', '1e3']),
    ).toEqual([{ n: 2 }]);
    expect(await run('SELECT record_id FROM invoices WHERE amount = ?', ['1000.5'])).toEqual([
      { record_id: 'inv3' },
    ]);
  });

  it('binds the types SQLite sees: INTEGER, REAL and TEXT', async () => {
    expect(
      await run('SELECT typeof(?) AS a, typeof(?) AS b, typeof(?) AS c, typeof(?) AS d', [
        '1000',
        '-2.5',
        '007',
        '9007199254740993',
      ]),
    ).toEqual([{ a: 'integer', b: 'real', c: 'text', d: 'integer' }]);
  });

  it('keeps text that only looks numeric as text: 007 finds the ref 007', async () => {
    expect(await run('SELECT record_id FROM invoices WHERE ref = ?', ['007'])).toEqual([
      { record_id: 'inv7' },
    ]);
  });

  it('compares a 64-bit id exactly, past a double: 2^53 + 1 finds its own record only', async () => {
    const sql = 'SELECT record_id, id FROM accounts WHERE id = ?';
    expect(await run(sql, [String(TWO_53 + 1n)])).toEqual([{ record_id: 'b', id: String(TWO_53 + 1n) }]);
    expect(await run(sql, [String(TWO_53)])).toEqual([{ record_id: 'a', id: String(TWO_53) }]);
    expect(await run(sql, [String(2n ** 63n - 1n)])).toEqual([{ record_id: 'c', id: '9223372036854775807' }]);
    expect(await run('SELECT record_id FROM accounts WHERE id > ? ORDER BY id', [String(TWO_53)])).toEqual([
      { record_id: 'b' },
      { record_id: 'c' },
    ]);
  });
});
