import { spawn } from 'node:child_process';
import { checkpoint } from '../../src/model/SourceEmission.js';
import { openStore } from '../../src/store/openStore.js';
import { CLI } from '../support/cli.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** A mirror with a record and a stored cursor, so that describe and cursors have something to print. */
const mirror = async (): Promise<string> => {
  const db = tmp.path('m.db');
  const store = openStore({ path: db });
  try {
    await sync(store, { feed: [up('pets', 'p1', { name: 'Rex' }), checkpoint('pets', 'c1')] });
  } finally {
    store.close();
  }
  return db;
};

interface ClosedPipeRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** Bytes the reader took before closing its end. */
  readonly read: number;
}

/**
 * Runs the CLI with its stdout read by a reader that closes its end of the pipe, as `| head -1` does:
 * after the first chunk, or before the CLI writes anything.
 */
const withClosedStdout = (args: readonly string[], close: 'after the first chunk' | 'at once') =>
  new Promise<ClosedPipeRun>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (close === 'at once') child.stdout.destroy();
    else {
      child.stdout.once('data', (chunk: Buffer) => {
        read = chunk.length;
        child.stdout.destroy();
      });
    }
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stderr, read }));
  });

describe('output into a closed pipe (the real CLI)', () => {
  it('query ends quietly with exit 0 when its reader stops after the first chunk of a large result', async () => {
    const db = await mirror();
    // 20,000 rows of about 120 bytes: 2.4 MB, far more than a pipe holds (64 KiB on Linux).
    const sql =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT i, printf('%.100c', 'x') AS pad FROM n";
    const run = await withClosedStdout(
      ['query', '--db', db, sql, '--format', 'ndjson', '--limit', '20000', '--max-bytes', '10000000'],
      'after the first chunk',
    );
    expect(run.read).toBeGreaterThan(0);
    expect(run.read).toBeLessThan(2_000_000);
    expect(run).toMatchObject({ status: 0, signal: null, stderr: '' });
  });

  it.each([
    ['describe', (db: string) => ['describe', '--db', db]],
    ['cursors', (db: string) => ['cursors', '--db', db]],
    ['query', (db: string) => ['query', '--db', db, 'SELECT * FROM pets']],
  ])('%s ends quietly with exit 0 when its reader is gone before it writes', async (_, args) => {
    const run = await withClosedStdout(args(await mirror()), 'at once');
    expect(run).toMatchObject({ status: 0, signal: null, stderr: '' });
  });
});
