import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import Database from 'better-sqlite3';
import type { PublishReport } from '../../src/publish/Publisher.js';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { runCli } from '../support/cli.js';
import { mulberry32 } from '../support/mulberry32.js';
import { natsForTests, type NatsForTests } from '../support/natsServer.js';
import { freePort } from '../support/pouchdbServer.js';
import { deltaLines } from '../support/ndjson.js';
import { spawnCli } from '../support/spawnCli.js';
import { deleteStreams, streamMessages, uniqueName } from '../support/streamMessages.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
const nats = await natsForTests();
const made: string[] = [];
let nc: NatsConnection;

/** A config syncing `feed.ndjson` into `mirror.db`, publishing to a stream of its own (or not). */
const project = (server: NatsForTests, lines: readonly string[], publish = true) => {
  const stream = uniqueName('cli');
  made.push(stream);
  writeFileSync(tmp.path('feed.ndjson'), `${lines.join('\n')}\n`);
  const config = (name: string, withPublish: boolean): string => {
    const file = tmp.path(name);
    writeFileSync(
      file,
      JSON.stringify({
        db: 'mirror.db',
        sources: [{ id: 'feed', type: 'ndjson', path: 'feed.ndjson' }],
        ...(withPublish
          ? { publish: { nats: server.url, stream, subjectPrefix: `cli.${stream.toLowerCase()}` } }
          : {}),
      }),
    );
    return file;
  };
  return {
    stream,
    db: tmp.path('mirror.db'),
    config: config('mirror.config.json', publish),
    /** The same mirror without `publish`: syncs without publishing, so the lag grows. */
    localOnly: config('local.config.json', false),
  };
};

/** The events of a mirror that changed it, in seq order: what its stream must hold, once each. */
const changingKeys = (db: string): string[] => {
  const c = new Database(db, { readonly: true });
  try {
    return c
      .prepare("SELECT delta_key FROM mirror_events WHERE decision IN ('applied', 'merged') ORDER BY seq")
      .pluck()
      .all() as string[];
  } finally {
    c.close();
  }
};

const publishedEventSeq = (db: string): number => {
  try {
    const c = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (
        (c.prepare('SELECT max(event_seq) FROM mirror_publish_cursors').pluck().get() as number | null) ?? 0
      );
    } finally {
      c.close();
    }
  } catch {
    return 0; // not created yet, or not migrated yet
  }
};

type SyncJson = SyncReport & { publish: PublishReport };

(nats ? describe : describe.skip)('oxide-mirror sync with "publish" (the real CLI and NATS server)', () => {
  const server = nats as NatsForTests;
  beforeAll(async () => {
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc.close();
    await deleteStreams(server.url, made);
    await server.stop();
  });

  it('--once syncs, publishes until caught up, reports it, and exits; cursors and describe show the position and the lag', async () => {
    const { stream, db, config, localOnly } = project(server, deltaLines(300, 100));
    const first = runCli(['sync', '--config', config, '--json']);
    expect(first.status).toBe(0);
    const report = JSON.parse(first.stdout) as SyncJson;
    const keys = changingKeys(db);
    expect(report.publish).toMatchObject({ stream, published: keys.length, duplicates: 0, lag: 0 });
    expect((await streamMessages(nc, stream)).map((m) => m.msgId)).toEqual(keys);

    const text = runCli(['sync', '--config', config]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      `published to ${stream}: 0 new, 0 duplicate(s) dropped by JetStream, 0 snapshot(s)\n`,
    );
    expect(text.stdout).toContain(`publish position event 300 = stream seq ${keys.length}; lag 0 event(s)\n`);

    // Changes synced without publishing: the lag shows them.
    appendFileSync(tmp.path('feed.ndjson'), `${deltaLines(350, 100).slice(300).join('\n')}\n`);
    expect(runCli(['sync', '--config', localOnly]).status).toBe(0);
    const lag = changingKeys(db).length - keys.length;
    expect(lag).toBeGreaterThan(0);
    const cursors = runCli(['cursors', '--db', db, '--json']);
    expect(JSON.parse(cursors.stdout)).toEqual([
      expect.objectContaining({ source: 'feed', resource: '*' }),
      { publish: stream, eventSeq: 300, streamSeq: keys.length, publishedAt: expect.any(String), lag },
    ]);
    expect(runCli(['cursors', '--db', db]).stdout).toMatch(
      new RegExp(
        `^publish ${stream}\\tevent 300\\tstream seq ${keys.length}\\t\\d{4}-[^\\t]+\\tlag ${lag}$`,
        'm',
      ),
    );
    const described = runCli(['describe', '--db', db, '--format', 'json']);
    expect((JSON.parse(described.stdout) as { publish: unknown }).publish).toEqual([
      { stream, eventSeq: 300, streamSeq: keys.length, publishedAt: expect.any(String), lag },
    ]);
    expect(runCli(['describe', '--db', db]).stdout).toMatch(
      new RegExp(
        `publishing:\\n  stream ${stream}: event 300 acknowledged as stream seq ${keys.length} at \\S+; lag ${lag} events\\n$`,
      ),
    );

    // The next run with publishing catches up.
    const caughtUp = JSON.parse(runCli(['sync', '--config', config, '--json']).stdout) as SyncJson;
    expect(caughtUp.publish).toMatchObject({ published: lag, lag: 0 });
    expect((await streamMessages(nc, stream)).map((m) => m.msgId)).toEqual(changingKeys(db));
  });

  it('SIGKILLed while publishing, then run again: the stream holds every change exactly once, in seq order', async () => {
    const seed = Number(process.env.PUBLISH_KILL_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`publish kill test seed: ${seed} (PUBLISH_KILL_SEED=${seed} to replay)\n`);
    const random = mulberry32(seed);
    const { stream, db, config } = project(server, deltaLines(20_000, 3_000));
    let kills = 0;
    for (let round = 0; round < 3; round++) {
      const before = publishedEventSeq(db);
      const run = spawnCli(['sync', '--config', config], { env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' } });
      // Once this run has moved the publish cursor, at a random moment after.
      for (let i = 0; i < 3_000 && publishedEventSeq(db) === before && run.child.exitCode === null; i++) {
        await sleep(5);
      }
      await sleep(Math.floor(random() * 200));
      run.child.kill('SIGKILL');
      const result = await run.done;
      if (result.signal === 'SIGKILL') kills++;
    }
    const final = runCli(['sync', '--config', config, '--json']);
    expect(final.status).toBe(0);
    const report = JSON.parse(final.stdout) as SyncJson;
    expect(report.publish.lag).toBe(0);

    expect(kills).toBeGreaterThan(0);
    const keys = changingKeys(db);
    const messages = await streamMessages(nc, stream);
    expect(messages).toHaveLength(keys.length);
    expect(messages.map((m) => m.msgId)).toEqual(keys);
    expect(new Set(messages.map((m) => m.msgId)).size).toBe(keys.length);
  });

  it('--watch, stopped by SIGTERM: commits, publishes what it committed, reports it, exits 0', async () => {
    const { stream, db, config } = project(server, deltaLines(500, 200));
    const run = spawnCli(['sync', '--config', config, '--watch', '--json'], {
      env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' },
    });
    for (let i = 0; i < 3_000 && publishedEventSeq(db) < 500; i++) await sleep(10);
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as SyncJson;
    const keys = changingKeys(db);
    expect(report.publish).toMatchObject({ stream, published: keys.length, lag: 0 });
    expect((await streamMessages(nc, stream)).map((m) => m.msgId)).toEqual(keys);
  });

  it('NATS unreachable: --once commits everything, waits to publish, and a SIGTERM ends the wait with the lag reported', async () => {
    const { db, config } = project(server, deltaLines(200, 50));
    const unreachable = `nats://127.0.0.1:${await freePort()}`;
    const file = JSON.parse(readFileSync(config, 'utf8')) as { publish: { nats: string } };
    writeFileSync(config, JSON.stringify({ ...file, publish: { ...file.publish, nats: unreachable } }));
    const run = spawnCli(['sync', '--config', config, '--json'], { env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' } });
    for (let i = 0; i < 3_000 && !run.output.stderr.includes('NATS unreachable'); i++) await sleep(10);
    for (let i = 0; i < 3_000 && changingKeys(db).length < 200; i++) await sleep(10);
    expect(run.child.exitCode).toBeNull(); // still waiting to publish
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as SyncJson;
    expect(report.total.pulled).toBe(200);
    expect(report.publish).toMatchObject({ published: 0, lag: 200 });
    expect(report.publish.position).toBeUndefined(); // NATS never reached
    expect(result.stderr).toContain(`"nats":"${unreachable}"`);
  });

  it('fails with the resource named when a resource is not a subject token (exit 1), after publishing what came before', async () => {
    const lines = [
      ...deltaLines(3, 3),
      '{"resource":"sales deals","record_id":"x1","op":"upsert","payload":{"n":1},"occurred_at":"2024-02-01T00:00:00Z","provenance":{"source":"gen","confidence":1}}',
    ];
    const { stream, db, config } = project(server, lines);
    const run = runCli(['sync', '--config', config]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `oxide-mirror: publishing to stream ${stream} (resource "sales deals"): event 4: the resource name is not a NATS subject token`,
    );
    expect(run.stderr).toContain('[PUBLISH_FAILED]');
    expect(changingKeys(db)).toHaveLength(4); // the mirror committed all of it
    expect((await streamMessages(nc, stream)).map((m) => m.mirrorSeq)).toEqual(['1', '2', '3']);
  });
});
