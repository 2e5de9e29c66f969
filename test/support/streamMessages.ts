import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort } from './pouchdbServer.js';
import { waitUntil } from './waitUntil.js';

/** One message of a stream, as a replica reads it. */
export interface StreamMessage {
  readonly seq: number;
  readonly subject: string;
  /** `Nats-Msg-Id` */
  readonly msgId: string | undefined;
  /** `Oxide-Mirror-Seq` */
  readonly mirrorSeq: string | undefined;
  readonly body: string;
}

let counter = 0;
/** A stream (or bucket) name no other test uses, e.g. `PUB_1234_5_publisher`. */
export const uniqueName = (what: string): string => `PUB_${process.pid}_${++counter}_${what}`;

/** Every message of a stream, in stream order, through an ordered consumer (as a replica reads them). */
export const streamMessages = async (nc: NatsConnection, stream: string): Promise<StreamMessage[]> => {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return [];
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages: StreamMessage[] = [];
  const iterator = await consumer.consume({ max_messages: 1_000 });
  for await (const m of iterator) {
    messages.push({
      seq: m.seq,
      subject: m.subject,
      msgId: m.headers?.get('Nats-Msg-Id'),
      mirrorSeq: m.headers?.get('Oxide-Mirror-Seq'),
      body: m.string(),
    });
    if (m.seq >= state.last_seq) break;
  }
  await iterator.close();
  return messages;
};

/** Deletes streams and buckets made by a test (a bucket's stream is `OBJ_<bucket>`), ignoring missing ones. */
export const deleteStreams = async (url: string, names: readonly string[]): Promise<void> => {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    for (const name of names) await jsm.streams.delete(name).catch(() => false);
  } finally {
    await nc.close();
  }
};

/** A `nats-server -js` of the test's own, which it can stop and start again on the same port and store. */
export interface OwnNatsServer {
  readonly url: string;
  /** Stops it (SIGTERM) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again, same port, same store directory, and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  dispose(): Promise<void>;
}

/** Starts `nats-server -js -p <free port> -sd <temporary directory>` from PATH. */
export const startOwnNatsServer = async (): Promise<OwnNatsServer> => {
  const storeDir = mkdtempSync(join(tmpdir(), 'oxide-mirror-own-nats-'));
  const port = await freePort();
  const url = `nats://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const answers = async (): Promise<boolean> => {
    try {
      const nc = await connect({ servers: url, timeout: 500 });
      await jetstreamManager(nc).then((jsm) => jsm.getAccountInfo());
      await nc.close();
      return true;
    } catch {
      return false;
    }
  };
  const start = async (): Promise<void> => {
    child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
    const started = child;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    let up = false;
    await waitUntil(
      `nats-server on ${url}`,
      () => {
        void answers().then((ok) => (up = ok));
        return up;
      },
      { timeoutMs: 15_000, everyMs: 200 },
    );
  };
  const stop = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
};
