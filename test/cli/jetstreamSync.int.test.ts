import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli } from '../support/spawnCli.js';
import { expectConsistentAfterFault } from '../support/expectConsistentAfterFault.js';
import { jetStreamFixture, type JetStreamFixture, type TestStream } from '../support/jetStreamFixture.js';
import { mulberry32 } from '../support/mulberry32.js';
import { natsForTests } from '../support/natsServer.js';
import { deltaLines } from '../support/ndjson.js';
import { countEvents, readMirrorFile } from '../support/readMirrorFile.js';
import { useTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const nats = await natsForTests();
const tmp = useTempDir('oxide-mirror-jetstream-cli-');

const MESSAGES = 12_000;
const KILLS = 4;

let fixture: JetStreamFixture;

/** A config in its own directory with one jetstream source; its path and its database's. */
const writeConfig = (stream: TestStream, name: string, extra: Record<string, unknown> = {}) => {
  const dir = tmp.path(name);
  mkdirSync(dir);
  const file = join(dir, 'mirror.config.json');
  writeFileSync(
    file,
    JSON.stringify({
      db: 'mirror.db',
      sources: [
        {
          id: 'fleet',
          type: 'jetstream',
          nats: nats?.url,
          stream: stream.name,
          subjectPrefix: stream.subjectPrefix,
          limit: 200,
          ...extra,
        },
      ],
    }),
  );
  return { file, db: join(dir, 'mirror.db') };
};

const cursorOf = (db: string): string | undefined =>
  readMirrorFile(
    db,
    undefined,
    (c) =>
      (
        c.prepare("SELECT cursor FROM mirror_cursors WHERE source = 'fleet' AND resource = '*'").get() as
          { cursor: string } | undefined
      )?.cursor,
  );

const duplicateKeys = (db: string): number =>
  readMirrorFile(
    db,
    0,
    (c) =>
      c
        .prepare(
          'SELECT count(*) FROM (SELECT delta_key FROM mirror_events GROUP BY delta_key HAVING count(*) > 1)',
        )
        .pluck()
        .get() as number,
  );

const syncOnce = async (config: { file: string }) => {
  const result = await spawnCli(['sync', '--config', config.file, '--json'], {
    env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' },
  }).done;
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { total: { pulled: number; applied: number } };
};

(nats ? describe : describe.skip)('sync --config with a jetstream source (the real CLI and NATS)', () => {
  beforeAll(async () => {
    fixture = await jetStreamFixture(nats!.url);
  });
  afterEach(async () => {
    await fixture.cleanup();
  });
  afterAll(async () => {
    await fixture?.close();
    await nats?.stop();
  });

  it('SIGKILLed mid-stream and restarted: every message applied exactly once, the cursor always in step with the log', async () => {
    const seed = Number(process.env.JETSTREAM_KILL_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`jetstream kill test seed: ${seed} (JETSTREAM_KILL_SEED=${seed} to replay)\n`);
    const random = mulberry32(seed);
    const stream = await fixture.stream();
    await stream.publishMany(deltaLines(MESSAGES, 3_000));
    const config = writeConfig(stream, 'killed');

    const targets = Array.from({ length: KILLS }, () => Math.floor(random() * MESSAGES)).sort(
      (a, b) => a - b,
    );
    for (const target of targets) {
      const child = spawnCli(['sync', '--config', config.file], { env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' } });
      await waitUntil(
        `${target} events or the end of the run`,
        () => countEvents(config.db) >= target || child.child.exitCode !== null,
        {
          timeoutMs: 60_000,
          everyMs: 2,
        },
      );
      child.child.kill('SIGKILL');
      await child.done;
      await expectConsistentAfterFault(config.db);
      // The cursor is written in the transaction of the last delta it covers, never ahead of the log: every
      // message up to it is an event (each message is one distinct delta, in stream order), and at most
      // the rest of its page is logged beyond it (skipped as duplicates when read again).
      const cursor = Number(cursorOf(config.db) ?? 0);
      const events = countEvents(config.db);
      expect(events).toBeGreaterThanOrEqual(cursor);
      expect(events - cursor).toBeLessThan(200);
    }

    const before = Number(cursorOf(config.db) ?? 0);
    const report = await syncOnce(config);
    expect(report.total.pulled).toBe(MESSAGES - before);
    expect(countEvents(config.db)).toBe(MESSAGES);
    expect(duplicateKeys(config.db)).toBe(0);
    expect(cursorOf(config.db)).toBe(String(MESSAGES));

    // A clean run into a fresh database holds the same records.
    const reference = writeConfig(stream, 'reference');
    await syncOnce(reference);
    const rows = (db: string) =>
      readMirrorFile(db, [], (c) =>
        c.prepare('SELECT record_id, payload, version FROM mirror_records ORDER BY record_id').all(),
      );
    expect(rows(config.db)).toEqual(rows(reference.db));
  }, 180_000);

  it('a second run finds nothing new; a run after new messages applies only them', async () => {
    const stream = await fixture.stream();
    const lines = deltaLines(300, 50);
    await stream.publish(lines.slice(0, 250));
    const config = writeConfig(stream, 'twice');
    expect((await syncOnce(config)).total).toMatchObject({ pulled: 250, applied: 250 });
    expect((await syncOnce(config)).total).toMatchObject({ pulled: 0, applied: 0 });
    await stream.publish(lines.slice(250));
    expect((await syncOnce(config)).total).toMatchObject({ pulled: 50, applied: 50 });
    expect(cursorOf(config.db)).toBe('300');
  }, 60_000);

  it('sync --watch applies a message as it is published', async () => {
    const stream = await fixture.stream();
    const lines = deltaLines(3, 3);
    await stream.publish(lines.slice(0, 1));
    const config = writeConfig(stream, 'watch');
    const child = spawnCli(['sync', '--config', config.file, '--watch'], {
      env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' },
    });
    try {
      await waitUntil('the first message', () => countEvents(config.db) === 1, { timeoutMs: 30_000 });
      await stream.publish(lines.slice(1));
      await waitUntil('the next two', () => countEvents(config.db) === 3, { timeoutMs: 30_000 });
    } finally {
      child.child.kill('SIGTERM');
    }
    const result = await child.done;
    expect(result.status).toBe(0);
    expect(cursorOf(config.db)).toBe('3');
  }, 60_000);

  it('check --config reports the stream, its sequences, the snapshot and the first item; a missing stream fails naming it', async () => {
    const stream = await fixture.stream();
    await stream.publish(deltaLines(3, 3));
    const bucket = fixture.uniqueName('S');
    await stream.writeSnapshot(bucket, deltaLines(2, 2), 2);
    const config = writeConfig(stream, 'check', { snapshot: { bucket } });
    const result = await spawnCli(['check', '--config', config.file]).done;
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('fleet (jetstream)');
    expect(result.stdout).toContain(
      `ok  stream ${stream.name}: 3 messages, sequences 1–3 on ${nats!.url}: 2 items`,
    );
    expect(result.stdout).toContain(`snapshot ${bucket}/${stream.name}: `);
    expect(result.stdout).toContain('covers the stream up to sequence 2');
    expect(result.stdout).toContain('first item: resource items, record_id "r0"');

    const missing = writeConfig({ ...stream, name: fixture.uniqueName('MISSING') }, 'missing');
    const failed = await spawnCli(['check', '--config', missing.file]).done;
    expect(failed.status).toBe(1);
    expect(failed.stdout + failed.stderr).toContain(
      'does not exist on the NATS server: the publisher creates it',
    );
  }, 60_000);
});
