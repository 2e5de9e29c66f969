import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream } from '@nats-io/jetstream';
import { jetStreamSource } from '../../../src/sources/jetstream/jetStreamSource.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { openStore } from '../../../src/store/openStore.js';
import { jetStreamFixture } from '../../support/jetStreamFixture.js';
import { deltaLines } from '../../support/ndjson.js';
import { freePort } from '../../support/pouchdbServer.js';
import { useTempDir } from '../../support/tempDir.js';
import { waitUntil } from '../../support/waitUntil.js';

// This test stops and restarts a NATS server: its own, never the shared one.
const hasNatsServer = spawnSync('sh', ['-c', 'command -v nats-server']).status === 0;
if (!hasNatsServer) {
  const missing = 'NATS restart test skipped: nats-server is not on PATH';
  if (process.env['OXIDE_MIRROR_REQUIRE_NATS'] === '1') throw new Error(missing);
  process.stdout.write(`${missing}\n`);
}

const tmp = useTempDir('oxide-mirror-nats-restart-');

/** A nats-server -js on `port` with its store in `dir`, answered once it takes connections. */
const startServer = async (port: number, dir: string): Promise<ChildProcess> => {
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const answered = await jetStreamFixture(`nats://127.0.0.1:${port}`).then(
      async (f) => (await f.close(), true),
      () => false,
    );
    if (answered) return child;
    await sleep(100);
  }
  throw new Error(`nats-server did not answer on ${port}`);
};

const stopServer = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
};

(hasNatsServer ? describe : describe.skip)('a live jetstream source while NATS restarts', () => {
  let server: ChildProcess | undefined;
  let storeDir = '';
  beforeEach(() => {
    storeDir = mkdtempSync(join(tmpdir(), 'oxide-mirror-nats-store-'));
  });
  afterEach(async () => {
    if (server !== undefined) await stopServer(server);
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('pauses while the server is down and goes on when it is back: nothing lost, nothing doubled', async () => {
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    server = await startServer(port, storeDir);
    let fixture = await jetStreamFixture(url);
    const stream = await fixture.stream();
    const lines = deltaLines(10, 10);
    await stream.publish(lines.slice(0, 5));
    await fixture.close();

    const store = openStore({ path: tmp.path('mirror.db') });
    const mirror = createMirror({
      store,
      batchWaitMs: 10,
      ordering: { maxDelayMs: 10 },
      sources: {
        fleet: jetStreamSource(
          {
            type: 'jetstream',
            id: 'fleet',
            nats: url,
            stream: stream.name,
            subjectPrefix: stream.subjectPrefix,
          },
          { mode: 'live', pollIntervalMs: 0, waitMs: 1_000 },
        ),
      },
    });
    const running = mirror.run();
    await waitUntil('the first five', () => store.countEvents() === 5, { timeoutMs: 30_000 });

    await stopServer(server);
    await sleep(2_000); // the source's pull fails on the way and is retried
    server = await startServer(port, storeDir);
    // The stream kept its messages (file storage) and goes on from sequence 6.
    fixture = await jetStreamFixture(url);
    const js = jetstream(fixture.connection);
    for (const line of lines.slice(5)) await js.publish(`${stream.subjectPrefix}.items`, line);
    await fixture.close();

    await waitUntil('the next five', () => store.countEvents() === 10, { timeoutMs: 60_000 });
    mirror.stop();
    const report = await running;
    expect(report.total).toMatchObject({ applied: 10, duplicates: 0 });
    expect(store.readCursor('fleet', '*')).toBe('10');
    store.close();
  }, 120_000);
});
