import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '../support/mulberry32.js';
import { deltaLines } from '../support/ndjson.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import { expectConsistentAfterFault, ndjsonCursorCovered } from '../support/expectConsistentAfterFault.js';
import { countEvents, readMirrorFile } from '../support/readMirrorFile.js';

const tmp = useTempDir();

const LINES = 8_000;
const RECORDS = 1_000;
const BATCH_SIZE = 500;
/** SIGKILLs at least, in all; half per way of reading the file. */
const KILLS = 26;
const MAX_RUNS = 120;

/**
 * The two ways a file is ingested: `ingest FILE` (reads it whole every run, skipping deltas already
 * in the log), and `sync --once` of an `ndjson` source (resumes from its stored cursor).
 */
type Mode = 'ingest' | 'sync';

const commandFor = (mode: Mode, input: string, db: string): string[] => {
  if (mode === 'ingest') return ['ingest', input, '--db', db, '--batch-size', String(BATCH_SIZE)];
  const config = `${db}.config.json`;
  if (!existsSync(config)) {
    writeFileSync(
      config,
      JSON.stringify({
        db: basename(db),
        batchSize: BATCH_SIZE,
        sources: [{ type: 'ndjson', id: 'file', path: input }],
      }),
    );
  }
  return ['sync', '--config', config, '--once'];
};

/** Everything that must match a clean run's database. */
const state = (db: string) =>
  readMirrorFile(db, undefined, (c) => ({
    records: c
      .prepare(
        'SELECT resource, record_id, payload, source, confidence, version FROM mirror_records ORDER BY 1, 2',
      )
      .all(),
    events: c
      .prepare('SELECT seq, delta_key, source_id, decision, version FROM mirror_events ORDER BY seq')
      .all(),
    tombstones: c.prepare('SELECT resource, record_id, version FROM mirror_tombstones ORDER BY 1, 2').all(),
    rejects: c.prepare('SELECT source_id, location, input FROM mirror_rejects ORDER BY location').all(),
    cursors: c.prepare('SELECT source, resource, cursor FROM mirror_cursors ORDER BY 1, 2').all(),
  }));

describe('ingesting a file, SIGKILLed at random moments', () => {
  it('after every kill the database is consistent; every run that finishes equals a clean run', async () => {
    const started = Date.now();
    const seed = Number(process.env.INGEST_KILL_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`ingest kill test seed: ${seed} (INGEST_KILL_SEED=${seed} to replay)\n`);
    const random = mulberry32(seed);

    const lines = deltaLines(LINES, RECORDS);
    lines.splice(1_000, 0, 'not json', lines[10] as string); // a malformed line and a duplicate
    const input = tmp.path('in.ndjson');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const cursorCovered = ndjsonCursorCovered(input);

    const run = (mode: Mode, db: string) =>
      spawnCli(commandFor(mode, input, db), { env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' } });
    const expectFinished = (result: { status: number | null; stderr: string }): void => {
      expect(result.stderr).not.toMatch(/SQLITE_BUSY|locked|Error/);
      expect(result.status).toBe(0);
    };

    // A clean run per mode: the reference, and the time scale of the kill moments.
    const reference = { ingest: tmp.path('clean-ingest.db'), sync: tmp.path('clean-sync.db') };
    const cleanMs = { ingest: 0, sync: 0 };
    for (const mode of ['ingest', 'sync'] as const) {
      const t0 = Date.now();
      expectFinished(await run(mode, reference[mode]).done);
      cleanMs[mode] = Date.now() - t0;
      expect(countEvents(reference[mode])).toBe(LINES); // the duplicate is logged once
    }

    // One database per mode, killed again and again; once a run finishes, it must equal the
    // reference, and the next kills go to a fresh database.
    const db = { ingest: '', sync: '' };
    let fresh = 0;
    const restart = (mode: Mode): void => {
      db[mode] = tmp.path(`killed-${mode}-${++fresh}.db`);
    };
    restart('ingest');
    restart('sync');
    const kills = { ingest: 0, sync: 0 };
    let killsWithProgress = 0;
    let finished = 0;
    let checkMs = 0;
    const check = async (path: string): Promise<void> => {
      const t0 = Date.now();
      await expectConsistentAfterFault(path, { cursorCovered });
      checkMs += Date.now() - t0;
    };
    for (let n = 0; n < MAX_RUNS && kills.ingest + kills.sync < KILLS; n++) {
      const mode: Mode = n % 2 === 0 ? 'ingest' : 'sync';
      const before = countEvents(db[mode]);
      const child = run(mode, db[mode]);
      const exited = child.done.then(() => true);
      if (random() < 0.25) {
        // Anywhere: starting, opening and migrating the database, reading, committing.
        await Promise.race([exited, sleep(Math.floor(random() * cleanMs[mode]))]);
      } else {
        // Once this run has committed something, a random moment more.
        while (countEvents(db[mode]) === before && child.child.exitCode === null) await sleep(5);
        await Promise.race([exited, sleep(Math.floor(random() * cleanMs[mode] * 0.4))]);
      }
      child.child.kill('SIGKILL'); // a no-op if it already exited
      const result = await child.done;
      if (result.signal === 'SIGKILL') {
        kills[mode]++;
        if (countEvents(db[mode]) > before) killsWithProgress++;
        await check(db[mode]);
      } else {
        expectFinished(result);
        finished++;
        await check(db[mode]);
        expect(state(db[mode])).toEqual(state(reference[mode]));
        restart(mode);
      }
    }
    // The databases killed last: one uninterrupted run each, then the same as a clean run.
    for (const mode of ['ingest', 'sync'] as const) {
      if (!existsSync(db[mode])) continue;
      expectFinished(await run(mode, db[mode]).done);
      finished++;
      await check(db[mode]);
      expect(state(db[mode])).toEqual(state(reference[mode]));
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `ingest kill test: ${kills.ingest + kills.sync} SIGKILLs (ingest ${kills.ingest}, sync of an ndjson source ${kills.sync}; ` +
        `${killsWithProgress} after some commits of that run), ${finished} runs finished and matched a clean run, ` +
        `clean runs ${cleanMs.ingest}/${cleanMs.sync} ms, checks ${checkMs} ms, ${seconds} s in all\n`,
    );
    expect(kills.ingest + kills.sync).toBeGreaterThanOrEqual(KILLS);
    expect(Math.min(kills.ingest, kills.sync)).toBeGreaterThanOrEqual(KILLS / 4);
    expect(killsWithProgress).toBeGreaterThanOrEqual(KILLS / 4);
    expect(finished).toBeGreaterThanOrEqual(2);
  }, 600_000); // a guard against a hang, not a speed limit
});
