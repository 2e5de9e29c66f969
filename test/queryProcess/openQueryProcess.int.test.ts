import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { interval, map } from 'rxjs';
import type * as Library from '../../src/index.js';
import { at, upsert } from '../../src/model/deltaBuilders.js';
import { DEFAULT_MAX_BYTES } from '../../src/query/QueryOptions.js';
import type { MirrorQueryProcess } from '../../src/queryProcess/MirrorQueryProcess.js';
import type * as QueryProcessModule from '../../src/queryProcess/openQueryProcess.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

// The worker must be a built .js file, so this runs the built library (`npm test` builds first). Its
// error classes are dist's too: `instanceof` compares against the classes the service really throws.
const DIST = '../../dist';
let openQueryProcess: (typeof QueryProcessModule)['openQueryProcess'];
let lib: typeof Library;
beforeAll(async () => {
  if (!existsSync(fileURLToPath(new URL(`${DIST}/queryProcess/queryWorker.js`, import.meta.url)))) {
    throw new Error('dist/ is missing or stale: run `npm run build` first (`npm test` does)');
  }
  ({ openQueryProcess } = (await import(
    `${DIST}/queryProcess/openQueryProcess.js`
  )) as typeof QueryProcessModule);
  lib = (await import(`${DIST}/index.js`)) as typeof Library;
});

const tmp = useTempDir();
const services: MirrorQueryProcess[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
const open = async (...args: Parameters<typeof openQueryProcess>): Promise<MirrorQueryProcess> => {
  const service = await openQueryProcess(...args);
  services.push(service);
  return service;
};

/** Two resources `a` and `b` of 2,000 records each, with their views: a cross join of them is 4 million rows. */
const seed = async (path: string): Promise<void> => {
  const store = openStore({ path });
  try {
    const records = (resource: string) =>
      Array.from({ length: 2000 }, (_, i) =>
        up(resource, `${resource}${i}`, { n: i, k: i % 7 }, { minute: 1 }),
      );
    await sync(store, { s: [...records('a'), ...records('b')] });
  } finally {
    store.close();
  }
};

const rejection = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const RUNAWAYS = [
  [
    'a recursive CTE aggregate',
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
  ],
  [
    'a cross join of two large views',
    'SELECT count(*) FROM a CROSS JOIN b CROSS JOIN a AS a2 WHERE a.k + b.k = a2.k',
  ],
] as const;

describe('openQueryProcess (the built library, a real child process)', () => {
  it('answers queries with rows as JSON, bounded by rows and bytes', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const q = await open(db, { rowLimit: 5 });
    expect(await q.query('SELECT record_id, n FROM a WHERE n < ? ORDER BY n', [2])).toEqual({
      columns: ['record_id', 'n'],
      rows: [
        { record_id: 'a0', n: 0 },
        { record_id: 'a1', n: 1 },
      ],
      truncated: false,
      rowLimit: 5,
      maxBytes: DEFAULT_MAX_BYTES,
    });
    expect(await q.query('SELECT n FROM a ORDER BY n')).toMatchObject({
      truncated: true,
      truncatedBy: 'rows',
    });
    const big = await q.query("SELECT printf('%.*c', 1000, 'x') AS v FROM a", [], {
      rowLimit: 100,
      maxBytes: 4096,
    });
    expect(big).toMatchObject({ truncated: true, truncatedBy: 'bytes', rowLimit: 100, maxBytes: 4096 });
    expect(big.rows).toHaveLength(4);
    expect(big.hint).toMatch(/narrower columns/);
    expect(await q.query('SELECT ? AS big', [2n ** 60n])).toMatchObject({
      rows: [{ big: '1152921504606846976' }],
    });
  });

  it.each(RUNAWAYS)(
    'stops %s at its time limit by killing the child, while an ingest keeps committing; the next query works',
    async (_, runaway) => {
      const db = tmp.path('m.db');
      await seed(db);
      const store = openStore({ path: db });
      const commits: number[] = [];
      const live = interval(5).pipe(map((i) => at(upsert('live', `l${i}`, { i }, 'ticker'), new Date())));
      const mirror = createMirror({ store, sources: { ticker: live } });
      mirror.applied$.subscribe(() => commits.push(performance.now()));
      const running = mirror.run();
      try {
        const q = await open(db);
        const before = q.pid!;
        const started = performance.now();
        const error = await rejection(q.query(runaway, [], { timeoutMs: 500 }));
        const elapsed = performance.now() - started;

        expect(error).toBeInstanceOf(lib.QueryError);
        expect(error).toMatchObject({ code: 'QUERY_FAILED', sql: runaway });
        expect(error.message).toMatch(/^query exceeded its time limit of 500 ms and was stopped/);
        expect(error.message).toContain(runaway.slice(0, 40));
        expect(error.message).toMatch(/Narrow it: .*WHERE/);
        expect(elapsed).toBeGreaterThanOrEqual(490);
        expect(elapsed).toBeLessThan(5000);
        // the ingest committed during the runaway query: neither the writer nor the host was blocked
        const during = commits.filter((t) => t > started && t < started + elapsed);
        expect(during.length).toBeGreaterThanOrEqual(3);
        expect(during.some((t) => t > started + elapsed / 2)).toBe(true); // not just at the start
        await waitUntil('the killed child to be gone', () => !isAlive(before));

        const committed = commits.length;
        const after = await q.query("SELECT count(*) AS n FROM mirror_records WHERE resource = 'live'");
        expect(after.rows[0]?.n).toBeGreaterThanOrEqual(committed);
        expect(q.pid).not.toBe(before);
        expect(await q.query('SELECT count(*) AS n FROM a')).toMatchObject({ rows: [{ n: 2000 }] });
      } finally {
        mirror.stop();
        await running;
        store.close();
      }
    },
  );

  it('runs one query at a time, in order; waiting does not count against a query’s own limit', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const q = await open(db);
    const first = q.query('SELECT count(*) AS n FROM a');
    const runaway = rejection(q.query(RUNAWAYS[0][1], [], { timeoutMs: 400 }));
    const third = q.query('SELECT count(*) AS n FROM b', [], { timeoutMs: 300 }); // waits ≥ 400 ms first
    const refused = rejection(q.query('DROP VIEW a'));
    expect(await first).toMatchObject({ rows: [{ n: 2000 }] });
    expect(await runaway).toBeInstanceOf(lib.QueryError);
    expect(await third).toMatchObject({ rows: [{ n: 2000 }] });
    expect(await refused).toBeInstanceOf(lib.QueryRefusedError);
  });

  it('brings back the child’s errors as the same typed classes, with their fields', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const q = await open(db);
    const refused = await rejection(q.query('DROP VIEW a'));
    expect(refused).toBeInstanceOf(lib.QueryRefusedError);
    expect(refused).toMatchObject({
      code: 'QUERY_REFUSED',
      sql: 'DROP VIEW a',
      reason: expect.stringMatching(/writes/),
    });
    const failed = await rejection(q.query('SELECT nope FROM a'));
    expect(failed).toBeInstanceOf(lib.QueryError);
    expect(failed).toMatchObject({
      message: 'query failed: no such column: nope',
      cause: { code: 'SQLITE_ERROR' },
    });
    const badParam = await rejection(q.query('SELECT ?', [{} as never]));
    expect(badParam).toBeInstanceOf(lib.InvalidOptionsError);
    expect(badParam).toMatchObject({ option: 'params[0]' });
    expect(await rejection(q.query('SELECT 1', [], { timeoutMs: -1 }))).toMatchObject({
      option: 'timeoutMs',
    });
    expect(await rejection(q.query('SELECT 1', [], { maxBytes: 0 }))).toMatchObject({ option: 'maxBytes' });

    const missing = await rejection(openQueryProcess(tmp.path('missing.db')));
    expect(missing).toBeInstanceOf(lib.StorageError);
    expect(missing.message).toMatch(/does not exist/);
    writeFileSync(tmp.path('bogus.db'), 'not a database, '.repeat(100));
    expect(await rejection(openQueryProcess(tmp.path('bogus.db')))).toMatchObject({
      constructor: lib.StorageCorruptError,
      code: 'STORAGE_CORRUPT',
      sqliteCode: 'SQLITE_NOTADB',
      message: expect.stringMatching(/bogus\.db: the file is not a SQLite database/),
    });
    expect(await rejection(openQueryProcess(db, { workerPath: tmp.path('nope.js') }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'workerPath',
      message: expect.stringMatching(/npm run build/),
    });
  });

  it('refuses a time limit above the longest timer Node.js sets (it would fire at once), naming the maximum', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const MAX_TIMER_MS = 2 ** 31 - 1;
    const tooLong = await rejection(openQueryProcess(db, { timeoutMs: MAX_TIMER_MS + 1 }));
    expect(tooLong).toBeInstanceOf(lib.InvalidOptionsError);
    expect(tooLong).toMatchObject({ option: 'timeoutMs', value: MAX_TIMER_MS + 1 });
    expect(tooLong.message).toMatch(/^timeoutMs: expected at most 2147483647 milliseconds/);
    // The longest timer itself is a limit like any other: the query runs to its end.
    const q = await open(db, { timeoutMs: MAX_TIMER_MS });
    expect(await q.query('SELECT count(*) AS n FROM a')).toMatchObject({ rows: [{ n: 2000 }] });
    expect(await rejection(q.query('SELECT 1', [], { timeoutMs: 1e10 }))).toMatchObject({
      option: 'timeoutMs',
      message: expect.stringMatching(/at most 2147483647/),
    });
    expect(await rejection(q.describe('a', { timeoutMs: Infinity }))).toMatchObject({ option: 'timeoutMs' });
  });

  it('fails the running query when its child dies, and carries on with a fresh one', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const q = await open(db, { timeoutMs: 30_000 });
    const pid = q.pid!;
    const pending = rejection(q.query(RUNAWAYS[0][1]));
    setTimeout(() => process.kill(pid, 'SIGKILL'), 200);
    const error = await pending;
    expect(error).toBeInstanceOf(lib.QueryError);
    expect(error.message).toBe('query failed: its query process exited unexpectedly (signal SIGKILL)');
    expect(await q.query('SELECT 1 AS one')).toMatchObject({ rows: [{ one: 1 }] });
  });

  it('describes and lists resources in the child', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const q = await open(db);
    expect((await q.listResources()).map((r) => [r.resource, r.view, r.records])).toEqual([
      ['a', 'a', 2000],
      ['b', 'b', 2000],
    ]);
    const [a] = await q.describe('a');
    expect(a?.columns.map((c) => `${c.column}:${c.type}`)).toEqual([
      'record_id:text',
      'k:integer',
      'n:integer',
      '_source:text',
      '_confidence:real',
      '_version:integer',
      '_synced_at:text',
    ]);
  });

  it('close() rejects waiting queries and ends the child; later calls fail clearly', async () => {
    const db = tmp.path('m.db');
    await seed(db);
    const q = await open(db);
    const pid = q.pid!;
    const running = rejection(q.query(RUNAWAYS[0][1]));
    const waiting = rejection(q.query('SELECT 1'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await q.close();
    expect(await running).toMatchObject({ message: 'query failed: the query process is closed' });
    expect(await waiting).toMatchObject({ message: 'query failed: the query process is closed' });
    await waitUntil('the child to be gone', () => !isAlive(pid));
    expect(await rejection(q.query('SELECT 1'))).toBeInstanceOf(lib.QueryError);
    await q.close(); // idempotent
  });
});
