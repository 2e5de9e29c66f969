import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHttpServer, type TestServer } from '../support/httpServer.js';
import { mulberry32 } from '../support/mulberry32.js';
import { makeRecords, recordsApi, type ApiRecord } from '../support/recordsApi.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import { expectConsistentAfterFault, httpSinceCursorCovered } from '../support/expectConsistentAfterFault.js';
import { countEvents, readMirrorFile } from '../support/readMirrorFile.js';

const tmp = useTempDir();

const RECORDS = 3_000;
const PAGE_SIZE = 50;
const RESPONSE_DELAY_MS = 20;
const KILLS = 25;
const MAX_ROUNDS = 54; // a multiple of 3
const CHANGES_PER_ROUND = 150;

/** A config for one database, pulling the test server (keyset cursor paging, incremental since). */
const writeConfig = (server: TestServer, name: string): { file: string; db: string } => {
  const dir = tmp.path(name);
  mkdirSync(dir);
  const file = join(dir, 'mirror.config.json');
  writeFileSync(
    file,
    JSON.stringify({
      db: 'mirror.db',
      sources: [
        {
          id: 'api',
          type: 'http',
          baseUrl: server.url,
          resources: [
            {
              name: 'items',
              url: '/items',
              items: 'data',
              id: 'id',
              occurredAt: 'updated_at',
              since: { param: 'updated_since' },
              deleted: { field: 'deleted' },
              paging: { type: 'cursor', next: 'meta.next' },
            },
          ],
        },
      ],
    }),
  );
  return { file, db: join(dir, 'mirror.db') };
};

const payloads = (db: string): Map<string, ApiRecord> =>
  readMirrorFile(db, new Map<string, ApiRecord>(), (c) => {
    const rows = c.prepare('SELECT record_id, payload FROM mirror_records').all() as {
      record_id: string;
      payload: string;
    }[];
    return new Map(rows.map((r) => [r.record_id, JSON.parse(r.payload) as ApiRecord]));
  });

/** Everything that must match between the killed mirror and the reference. */
const state = (db: string) =>
  readMirrorFile(db, undefined, (c) => ({
    records: c.prepare('SELECT record_id, payload, version FROM mirror_records ORDER BY record_id').all(),
    tombstones: c.prepare('SELECT record_id, version FROM mirror_tombstones ORDER BY record_id').all(),
    eventKeys: (
      c.prepare('SELECT delta_key FROM mirror_events ORDER BY delta_key').all() as { delta_key: string }[]
    ).map((r) => r.delta_key),
    duplicateKeys: c
      .prepare('SELECT delta_key FROM mirror_events GROUP BY delta_key HAVING count(*) > 1')
      .all(),
  }));

describe('sync --once SIGKILLed at random moments (exactly-once effects)', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  it('after 25+ kills and a final run, every kill leaves a consistent mirror; at the end it equals the server, its log that of clean runs', async () => {
    const started = Date.now();
    const seed = Number(process.env.SYNC_KILL_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`sync kill test seed: ${seed} (SYNC_KILL_SEED=${seed} to replay)\n`);
    const random = mulberry32(seed);

    const records = makeRecords(RECORDS);
    const api = recordsApi(() => records, 'cursor', PAGE_SIZE);
    const arrivals: number[] = []; // when each request came
    server = await startHttpServer(async (req, res) => {
      arrivals.push(Date.now());
      await sleep(RESPONSE_DELAY_MS);
      api(req, res);
    });
    const killed = writeConfig(server, 'killed');
    const cursorCovered = httpSinceCursorCovered(() => records);
    let checkMs = 0;
    const check = async (): Promise<void> => {
      const t0 = Date.now();
      await expectConsistentAfterFault(killed.db, { cursorCovered });
      checkMs += Date.now() - t0;
    };
    const reference = writeConfig(server, 'reference');

    // The reference: a clean run, never killed, at every state of the server. Its timing sets the
    // scale of the kill moments: from start to exit, and from its first request to exit (the work).
    const lastClean = { totalMs: 0, workMs: 0 };
    const cleanRun = async (config: { file: string }): Promise<void> => {
      const t0 = Date.now();
      const first = arrivals.length;
      const result = await spawnCli(['sync', '--config', config.file, '--once'], {
        env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' },
      }).done;
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      lastClean.totalMs = Date.now() - t0;
      lastClean.workMs = Date.now() - (arrivals[first] ?? t0);
    };
    await cleanRun(reference);

    let kills = 0;
    let killsWithProgress = 0;
    let caughtUpOnce = false;
    const caughtUp = (): void => {
      // Caught up before any change: exactly the events of one clean run into a fresh database.
      caughtUpOnce = true;
      expect(state(killed.db)).toEqual(state(reference.db));
      expect(countEvents(killed.db)).toBe(RECORDS);
    };
    let clock = Date.UTC(2024, 6, 1);
    let changed = 0;
    for (let round = 0; round < MAX_ROUNDS && kills < KILLS; round++) {
      if (!caughtUpOnce && round === MAX_ROUNDS / 3) {
        await cleanRun(killed); // unlucky draws never let a run finish: finish one, then go on
        caughtUp();
      }
      if (caughtUpOnce) {
        // Change records the killed mirror already holds in their latest version (so both mirrors
        // see every version the server ever had), some of them deleted; the reference absorbs it.
        const mirrored = payloads(killed.db);
        const candidates = records
          .map((r, i) => ({ r, i }))
          .filter(({ r }) => r.deleted !== true && mirrored.get(r.id)?.updated_at === r.updated_at);
        for (let n = 0; n < CHANGES_PER_ROUND && candidates.length > 0; n++) {
          const [{ r, i }] = candidates.splice(Math.floor(random() * candidates.length), 1) as [
            { r: ApiRecord; i: number },
          ];
          clock += 1000;
          records[i] = {
            ...r,
            name: `${r.name} (changed in round ${round})`,
            updated_at: new Date(clock).toISOString(),
            ...(n % 10 === 9 ? { deleted: true } : {}),
          };
          changed++;
        }
        await cleanRun(reference);
      }

      const before = countEvents(killed.db);
      const first = arrivals.length;
      const run = spawnCli(['sync', '--config', killed.file, '--once'], {
        env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' },
      });
      const exited = run.done.then(() => true);
      if (random() < 0.2) {
        // Anywhere from the start: opening, migrating, the first request, pulling, committing.
        await Promise.race([exited, sleep(Math.floor(random() * lastClean.totalMs))]);
      } else {
        // While it pulls and commits: from its first request, a random moment into the work.
        for (let i = 0; i < 1000 && arrivals.length === first && run.child.exitCode === null; i++) {
          await sleep(2);
        }
        await Promise.race([exited, sleep(Math.floor(random() * lastClean.workMs))]);
      }
      run.child.kill('SIGKILL'); // a no-op if it already exited
      const result = await run.done;
      await check(); // before the server changes again: the cursor is checked against what the run saw
      if (result.signal === 'SIGKILL') {
        kills++;
        if (countEvents(killed.db) > before) killsWithProgress++;
      } else {
        expect(result.status).toBe(0); // it finished first
        if (!caughtUpOnce) caughtUp();
      }
    }

    await cleanRun(killed); // the final, uninterrupted run
    await check();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `sync kill test: ${kills} SIGKILLs (${killsWithProgress} after some commits of that run), ${changed} records changed, checks ${checkMs} ms, ${seconds} s\n`,
    );

    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(killsWithProgress).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(0);
    // The mirror equals the server's data…
    const live = records.filter((r) => r.deleted !== true);
    expect(Object.fromEntries(payloads(killed.db))).toEqual(Object.fromEntries(live.map((r) => [r.id, r])));
    // …every delta is in the log exactly once, and the log is the reference's, event for event.
    const final = state(killed.db)!;
    expect(final.duplicateKeys).toEqual([]);
    expect(final).toEqual(state(reference.db));
    expect(final.eventKeys).toHaveLength(RECORDS + changed);
  }, 600_000); // a guard against a hang, not a speed limit: 25 kills take minutes on a loaded 2-core machine
});
