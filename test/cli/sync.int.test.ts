import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { sendJson, startHttpServer, type TestServer } from '../support/httpServer.js';
import { makeRecords, recordsApi, type ApiRecord } from '../support/recordsApi.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const tmp = useTempDir();
const TOKEN = 'tok-9f8e7d6c5b4a';

let server: TestServer | undefined;
afterEach(() => server?.close());

/** Writes a config in its own directory (paths in it are relative to it) and returns its path. */
const writeConfig = (
  s: TestServer,
  extra: Record<string, unknown> = {},
  resource: Record<string, unknown> = {},
) => {
  const dir = tmp.path('project');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'mirror.config.json');
  writeFileSync(
    file,
    JSON.stringify({
      db: 'mirror.db',
      sources: [
        {
          id: 'crm',
          type: 'http',
          baseUrl: s.url,
          headers: { Authorization: { env: 'CRM_TOKEN', prefix: 'Bearer ' } },
          retry: { limit: 0 },
          resources: [
            {
              name: 'contacts',
              url: '/items',
              items: 'data',
              id: 'id',
              occurredAt: 'updated_at',
              since: { param: 'updated_since' },
              deleted: { field: 'deleted' },
              paging: { type: 'cursor', next: 'meta.next' },
              ...resource,
            },
          ],
        },
      ],
      ...extra,
    }),
  );
  return { file, db: join(dir, 'mirror.db') };
};

const mirrored = (db: string): Record<string, unknown> => {
  const c = new Database(db, { readonly: true });
  try {
    const rows = c.prepare('SELECT record_id, payload FROM mirror_records ORDER BY record_id').all() as {
      record_id: string;
      payload: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.record_id, JSON.parse(r.payload) as unknown]));
  } finally {
    c.close();
  }
};

const expected = (records: readonly ApiRecord[]) =>
  Object.fromEntries(records.filter((r) => r.deleted !== true).map((r) => [r.id, r]));

// The token, and no log level: the command picks its own default (info when not on a terminal).
const cleanEnv = () => ({ CRM_TOKEN: TOKEN, OXIDE_MIRROR_LOG_LEVEL: undefined });

describe('oxide-mirror sync (the real built CLI against a real HTTP server)', () => {
  it('--once pulls every page into the configured db (relative to the config file), then a re-run changes nothing', async () => {
    const records = makeRecords(23);
    server = await startHttpServer(recordsApi(() => records, 'cursor', 5));
    const { file, db } = writeConfig(server);
    const first = await spawnCli(['sync', '--config', file, '--once', '--json'], {
      env: cleanEnv(),
      cwd: tmp.path(''),
    }).done;
    expect(first.stderr).not.toContain(TOKEN);
    expect(first.status).toBe(0);
    const report = JSON.parse(first.stdout) as SyncReport;
    expect(report.total).toMatchObject({ pulled: 23, applied: 23, rejected: 0 });
    expect(report.cursors).toEqual([
      { source: 'crm', resource: 'contacts', cursor: '{"since":"2024-01-01T00:00:22.000Z"}' },
    ]);
    expect(mirrored(db)).toEqual(expected(records));
    expect(server.requests).toHaveLength(5);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // Not a terminal: pino JSON lines on stderr, info level by default.
    const logs = first.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['sync progress', 'sync finished']));

    const second = await spawnCli(['sync', '--config', file, '--json'], { env: cleanEnv() }).done;
    expect(second.status).toBe(0);
    expect((JSON.parse(second.stdout) as SyncReport).total).toMatchObject({
      pulled: 1,
      applied: 0,
      duplicates: 1,
    });
  });

  it('a wrong config field exits 1 with a message naming the field, before touching the database', async () => {
    server = await startHttpServer((_req, res) => sendJson(res, {}));
    const { file, db } = writeConfig(server, {}, { paging: { type: 'pages' } });
    const result = await spawnCli(['sync', '--config', file], { env: cleanEnv() }).done;
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `oxide-mirror: ${file}: sources[0].resources[0].paging.type: expected one of "cursor" | "link" | "page" | "offset", got "pages" [DECODE_FAILED]\n`,
    );
    expect(existsSync(db)).toBe(false);
  });

  it('a missing environment variable exits 1 naming it, before creating the database', async () => {
    server = await startHttpServer((_req, res) => sendJson(res, {}));
    const { file, db } = writeConfig(server);
    const result = await spawnCli(['sync', '--config', file], { env: { ...cleanEnv(), CRM_TOKEN: '' } }).done;
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'source "crm" headers.Authorization: environment variable CRM_TOKEN is not set',
    );
    expect(existsSync(db)).toBe(false);
  });

  it('--once --watch together is a usage error (exit 2)', async () => {
    const result = await spawnCli(['sync', '--once', '--watch']).done;
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "oxide-mirror: option '--once' cannot be used with option '--watch'\nsee: oxide-mirror sync --help\n",
    );
  });

  it('a failing source exits 1 with SOURCE_FAILED, after printing what was committed', async () => {
    server = await startHttpServer((_req, res) => sendJson(res, { error: 'nope' }, 500));
    const { file } = writeConfig(server);
    const result = await spawnCli(['sync', '--config', file], { env: cleanEnv() }).done;
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `oxide-mirror: source "crm" failed: source "crm" (contacts): GET ${server.url}/items: HTTP 500 Internal Server Error: {"error":"nope"} [SOURCE_FAILED]`,
    );
    expect(result.stdout).toContain('total');
  });

  it('--watch keeps polling: a change on the server shows up; SIGTERM stops cleanly with exit 0 and the report', async () => {
    const records = makeRecords(4);
    server = await startHttpServer(recordsApi(() => records, 'cursor', 3));
    const { file, db } = writeConfig(server, { pollIntervalMs: 50 });
    const run = spawnCli(['sync', '--config', file, '--watch', '--json'], { env: cleanEnv() });
    const until = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !check(); i++) await sleep(25);
      expect(check()).toBe(true);
    };
    const has = (id: string): boolean => {
      try {
        return id in mirrored(db);
      } catch {
        return false; // not created or not migrated yet
      }
    };
    await until(() => has('r00003'));
    records.push({ id: 'late', name: 'arrived while watching', updated_at: '2024-02-01T00:00:00.000Z' });
    await until(() => has('late'));
    expect(run.child.exitCode).toBeNull(); // still watching
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as SyncReport).total.applied).toBe(5);
    expect(result.stderr).toContain('"signal":"SIGTERM"');
    expect(mirrored(db)).toEqual(expected(records));
  });

  it('SIGINT mid-run commits what was received, exits 0, and the next run resumes to the end', async () => {
    const records = makeRecords(60);
    server = await startHttpServer(async (req, res) => {
      await sleep(40);
      recordsApi(() => records, 'cursor', 5)(req, res);
    });
    const { file, db } = writeConfig(server);
    const run = spawnCli(['sync', '--config', file, '--json'], { env: cleanEnv() });
    for (let i = 0; i < 400 && server.requests.length < 4; i++) await sleep(10);
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.status).toBe(0);
    const partial = (JSON.parse(stopped.stdout) as SyncReport).total.applied;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(60);
    expect(Object.keys(mirrored(db))).toHaveLength(partial);

    const rest = await spawnCli(['sync', '--config', file, '--json'], { env: cleanEnv() }).done;
    expect(rest.status).toBe(0);
    expect((JSON.parse(rest.stdout) as SyncReport).total.applied).toBe(60 - partial);
    expect(mirrored(db)).toEqual(expected(records));
  });

  it('SIGINT while a page is in flight and held by the server: the stop does not wait for it, commits what was received, exits 0', async () => {
    const records = makeRecords(20);
    const api = recordsApi(() => records, 'cursor', 5);
    let held: ServerResponse | undefined;
    // The first page is answered; the second is held until the test is done.
    server = await startHttpServer((req, res, n) => {
      if (n === 1) api(req, res);
      else held = res;
    });
    const { file, db } = writeConfig(server);
    const run = spawnCli(['sync', '--config', file, '--json'], { env: cleanEnv() });
    await waitUntil('the second page requested and held', () => held !== undefined);
    run.child.kill('SIGINT');
    // Still held: the stop aborted that request rather than wait for an answer that may never come.
    const result = await run.done;
    expect(held?.writableEnded).toBe(false);
    held?.end();
    expect(result).toMatchObject({ status: 0, signal: null });
    expect((JSON.parse(result.stdout) as SyncReport).total).toMatchObject({ pulled: 5, applied: 5 });
    expect(Object.keys(mirrored(db))).toHaveLength(5);
    expect(result.stderr).toContain('"signal":"SIGINT","msg":"stopping: committing what was received"');
  });
});
