import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { runCli, startCli } from '../support/cli.js';
import { mulberry32 } from '../support/mulberry32.js';
import { deltaLines } from '../support/ndjson.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

const countEvents = (db: string): number => {
  if (!existsSync(db)) return 0;
  try {
    const c = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (c.prepare('SELECT count(*) AS n FROM mirror_events').get() as { n: number }).n;
    } finally {
      c.close();
    }
  } catch {
    return 0; // not created or not migrated yet
  }
};

const state = (db: string) => {
  const c = new Database(db, { readonly: true });
  const dump = {
    records: c
      .prepare(
        'SELECT resource, record_id, payload, source, confidence, version FROM mirror_records ORDER BY 1, 2',
      )
      .all(),
    events: c.prepare('SELECT seq, delta_key, decision, version FROM mirror_events ORDER BY seq').all(),
    tombstones: c.prepare('SELECT resource, record_id, version FROM mirror_tombstones ORDER BY 1, 2').all(),
    rejects: c.prepare('SELECT location, input FROM mirror_rejects ORDER BY location').all(),
  };
  c.close();
  return dump;
};

describe('ingest killed with SIGKILL mid-run', () => {
  it('re-running the same input yields exactly the state of one clean run', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100000);
    process.stdout.write(`ingest crash test seed: ${seed} (CRASH_SEED=${seed} to replay)\n`);
    const random = mulberry32(seed);
    const lines = deltaLines(60_000, 5_000);
    lines.splice(1_000, 0, 'not json', lines[10] as string); // a malformed line and a duplicate
    const input = tmp.path('in.ndjson');
    writeFileSync(input, `${lines.join('\n')}\n`);

    const clean = tmp.path('clean.db');
    expect(runCli(['ingest', input, '--db', clean]).status).toBe(0);
    const total = countEvents(clean);

    const crashed = tmp.path('crashed.db');
    const seenAtKill: number[] = [];
    for (let kill = 0; kill < 4; kill++) {
      const child = startCli(['ingest', input, '--db', crashed]);
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      const before = countEvents(crashed);
      // Wait until this run has committed something, then a random moment more.
      for (let i = 0; i < 400 && countEvents(crashed) === before && child.exitCode === null; i++)
        await sleep(10);
      await sleep(Math.floor(random() * 150));
      child.kill('SIGKILL');
      await exited;
      seenAtKill.push(countEvents(crashed));
    }
    expect(runCli(['ingest', input, '--db', crashed]).status).toBe(0);

    expect(seenAtKill.some((n) => n > 0 && n < total)).toBe(true); // at least one kill landed mid-run
    expect(state(crashed)).toEqual(state(clean));
  });
});
