import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { CLI } from '../support/cli.js';
import { deltaLines } from '../support/ndjson.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const tmp = useTempDir();

/** Records committed in `db`; 0 while it is not created or migrated yet. */
const committed = (db: string): number => {
  try {
    const c = new Database(db, { readonly: true });
    try {
      return (c.prepare('SELECT count(*) AS n FROM mirror_records').get() as { n: number }).n;
    } finally {
      c.close();
    }
  } catch {
    return 0;
  }
};

/** `ingest -` reading from stdin kept open, after it committed at least its first batches. */
const ingestingFromOpenStdin = async (db: string) => {
  const run = spawnCli(['ingest', '-', '--db', db, '--batch-size', '10', '--json'], {
    stdin: 'pipe',
    env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' },
  });
  run.child.stdin?.write(`${deltaLines(25, 25).join('\n')}\n`);
  await waitUntil('the first batches committed', () => committed(db) >= 20);
  expect(run.child.exitCode).toBeNull(); // still reading: stdin is open
  return run;
};

describe('oxide-mirror ingest: stopped by a signal (the real built CLI)', () => {
  it('SIGINT stops reading, commits what was read, prints the report and exits 0', async () => {
    const db = tmp.path('m.db');
    const run = await ingestingFromOpenStdin(db);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result).toMatchObject({ status: 0, signal: null });
    const report = JSON.parse(result.stdout) as SyncReport;
    expect(report.total.applied).toBeGreaterThanOrEqual(20);
    expect(report.total.applied).toBe(committed(db));
    expect(result.stderr).toContain('oxide-mirror: SIGINT: stopping, committing what was read');
  });

  it('SIGTERM does the same', async () => {
    const db = tmp.path('m.db');
    const run = await ingestingFromOpenStdin(db);
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result).toMatchObject({ status: 0, signal: null });
    expect((JSON.parse(result.stdout) as SyncReport).total.applied).toBe(committed(db));
  });

  it('--strict from stdin kept open: SIGINT stops reading at once, then checks and commits the whole lines read', async () => {
    const db = tmp.path('m.db');
    // --strict keeps stdin in a spool file (under TMPDIR) to check it whole before applying it.
    const spools = tmp.path('tmp');
    mkdirSync(spools);
    const run = spawnCli(['ingest', '-', '--db', db, '--strict', '--json'], {
      stdin: 'pipe',
      env: { OXIDE_MIRROR_LOG_LEVEL: 'warn', TMPDIR: spools },
    });
    // 25 whole lines, then the start of one more the stop cuts short: never read whole, so left out
    // (not refused as malformed, which would fail --strict).
    const sent = `${deltaLines(25, 25).join('\n')}\n{"resource":"items","record_id":`;
    run.child.stdin?.write(sent);
    const spooled = (): number => {
      const [dir] = readdirSync(spools);
      try {
        return dir === undefined ? 0 : statSync(join(spools, dir, 'stdin.ndjson')).size;
      } catch {
        return 0;
      }
    };
    await waitUntil('all that was sent read into the spool', () => spooled() === Buffer.byteLength(sent));
    expect(committed(db)).toBe(0); // --strict applies nothing before stdin is read and checked
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result).toMatchObject({ status: 0, signal: null });
    expect((JSON.parse(result.stdout) as SyncReport).total).toMatchObject({
      pulled: 25,
      applied: 25,
      rejected: 0,
    });
    expect(committed(db)).toBe(25);
    expect(result.stderr).toBe(
      'oxide-mirror: SIGINT: stopping, committing what was read… (again: exit now)\n',
    );
    expect(readdirSync(spools)).toEqual([]); // the spool is gone
  });
});

describe('oxide-mirror ingest on a terminal (under script(1), a pseudo-terminal)', () => {
  it('shows progress (lines, bytes, percent of the file) redrawn in place, then the report, never drawn over', () => {
    const file = tmp.path('in.ndjson');
    writeFileSync(file, `${deltaLines(3000, 500).join('\n')}\n`);
    const db = tmp.path('m.db');
    // A pseudo-terminal made by script(1) without a terminal around it has no size: give it one.
    const command = `stty rows 40 cols 120; '${process.execPath}' '${CLI}' ingest '${file}' --db '${db}'`;
    const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, OXIDE_MIRROR_LOG_LEVEL: 'warn' },
    });
    expect(r.status).toBe(0);
    const screen = r.stdout.replace(/\r/g, '');
    expect(screen).toMatch(/ingest: 3000 lines {2}\d+\.\d KiB of \d+\.\d KiB \(100%\) {2}\d+ lines\/s/);
    // After the last escape sequence that moves the cursor up or erases a line, the whole report.
    const lastRedraw = Math.max(screen.lastIndexOf('\u001b[1A'), screen.lastIndexOf('\u001b[2K'));
    const after = screen.slice(lastRedraw);
    expect(after).toMatch(/total\s+3000\s+3000/);
    expect(after).toContain('transaction(s) committed');
  });

  it('prints no progress when stderr is not a terminal', () => {
    const file = tmp.path('in.ndjson');
    writeFileSync(file, `${deltaLines(50, 10).join('\n')}\n`);
    const r = spawnSync(process.execPath, [CLI, 'ingest', file, '--db', tmp.path('m.db')], {
      encoding: 'utf8',
      env: { ...process.env, OXIDE_MIRROR_LOG_LEVEL: 'warn' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
