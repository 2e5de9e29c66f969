import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { SNAPSHOT_STREAM_SEQ_KEY, snapshotObjectName } from '../../src/nats/fleetSnapshot.js';

/** A stream made for one test: its name, the subject prefix it holds, and how to put messages on it. */
export interface TestStream {
  readonly name: string;
  readonly subjectPrefix: string;
  /** Publishes each body on `<prefix>.<resource>` (acknowledged, in order); the sequences they got. */
  publish(bodies: readonly (string | Uint8Array)[], resource?: string): Promise<number[]>;
  /** Publishes many bodies fast (not awaited one by one), then waits until the stream holds them all. */
  publishMany(bodies: readonly string[], resource?: string): Promise<void>;
  /** Writes the snapshot object to `bucket` (created if needed), as the publisher would. */
  writeSnapshot(bucket: string, lines: readonly string[], seq: number | undefined): Promise<void>;
  lastSeq(): Promise<number>;
}

export interface JetStreamFixture {
  readonly connection: NatsConnection;
  readonly manager: JetStreamManager;
  /** A uniquely named stream of `<prefix>.>`, deleted (with its snapshot buckets) by `cleanup`. */
  stream(config?: Partial<StreamConfig>): Promise<TestStream>;
  /** A stream and bucket name nobody created. */
  uniqueName(prefix: string): string;
  cleanup(): Promise<void>;
  close(): Promise<void>;
}

export const jetStreamFixture = async (url: string): Promise<JetStreamFixture> => {
  const connection = await connect({ servers: url, name: 'oxide-mirror tests' });
  const manager = await jetstreamManager(connection);
  const js = jetstream(connection);
  const streams: string[] = [];
  const buckets: string[] = [];
  const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

  const stream = async (config: Partial<StreamConfig> = {}): Promise<TestStream> => {
    const name = uniqueName('T');
    const subjectPrefix = `t${randomBytes(6).toString('hex')}.mirror`;
    await manager.streams.add({ ...config, name, subjects: [`${subjectPrefix}.>`] });
    streams.push(name);
    const subject = (resource: string) => `${subjectPrefix}.${resource}`;
    return {
      name,
      subjectPrefix,
      publish: async (bodies, resource = 'items') => {
        const seqs: number[] = [];
        for (const body of bodies) {
          const h = headers();
          h.set('Oxide-Mirror-Seq', String(seqs.length + 1));
          seqs.push((await js.publish(subject(resource), body, { headers: h })).seq);
        }
        return seqs;
      },
      publishMany: async (bodies, resource = 'items') => {
        const before = (await manager.streams.info(name)).state.last_seq;
        for (let i = 0; i < bodies.length; i += 1_000) {
          await Promise.all(bodies.slice(i, i + 1_000).map((body) => js.publish(subject(resource), body)));
        }
        const after = (await manager.streams.info(name)).state.last_seq;
        if (after - before !== bodies.length)
          throw new Error(`published ${after - before} of ${bodies.length}`);
      },
      writeSnapshot: async (bucket, lines, seq) => {
        if (!buckets.includes(bucket)) buckets.push(bucket);
        const store = await new Objm(connection).create(bucket);
        await store.putBlob(
          {
            name: snapshotObjectName(name),
            ...(seq === undefined ? {} : { metadata: { [SNAPSHOT_STREAM_SEQ_KEY]: String(seq) } }),
          },
          new TextEncoder().encode(lines.map((l) => `${l}\n`).join('')),
        );
      },
      lastSeq: async () => (await manager.streams.info(name)).state.last_seq,
    };
  };

  return {
    connection,
    manager,
    stream,
    uniqueName,
    cleanup: async () => {
      const objm = new Objm(connection);
      for (const bucket of buckets.splice(0)) {
        await (await objm.open(bucket)).destroy().catch(() => undefined);
      }
      for (const name of streams.splice(0)) await manager.streams.delete(name).catch(() => undefined);
    },
    close: () => connection.close(),
  };
};
