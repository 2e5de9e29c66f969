import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pouchdbServer.js';

/** Where the NATS tests find a server, unless `NATS_URL` says otherwise. */
export const DEFAULT_TEST_NATS_URL = 'nats://127.0.0.1:4222';

export interface NatsForTests {
  /** e.g. `nats://127.0.0.1:4222` */
  readonly url: string;
  /** Stops the server this helper started; nothing for one that was already running. */
  stop(): Promise<void>;
}

const answers = (url: string, timeoutMs = 1_000): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connectTcp({ host: hostname, port: Number(port || 4222) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    // A NATS server greets every connection with its INFO line.
    socket.once('data', (chunk: Buffer) => done(chunk.toString().startsWith('INFO ')));
    socket.once('error', () => done(false));
  });

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const startNatsServer = async (): Promise<NatsForTests> => {
  const storeDir = mkdtempSync(join(tmpdir(), 'oxide-mirror-nats-'));
  const port = await freePort();
  const url = `nats://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'nats-server',
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(storeDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nats-server -js did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop };
};

/**
 * A NATS server with JetStream for a test file: the one at `NATS_URL` (default
 * {@link DEFAULT_TEST_NATS_URL}) if it answers; else `nats-server -js` from PATH, started on a free
 * port; else `undefined`, after printing one line that names what is missing (the caller skips).
 * With `OXIDE_MIRROR_REQUIRE_NATS=1` (`.ci/run` sets it) a missing server fails instead of skipping.
 */
export const natsForTests = async (): Promise<NatsForTests | undefined> => {
  const url = process.env['NATS_URL'] ?? DEFAULT_TEST_NATS_URL;
  if (await answers(url)) return { url, stop: () => Promise.resolve() };
  if (onPath('nats-server')) return startNatsServer();
  const missing = `NATS tests skipped: no NATS server answers at ${url} (set NATS_URL) and nats-server is not on PATH`;
  if (process.env['OXIDE_MIRROR_REQUIRE_NATS'] === '1') throw new Error(missing);
  process.stdout.write(`${missing}\n`);
  return undefined;
};
