import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHttpServer, type TestServer } from '../support/httpServer.js';
import { mulberry32 } from '../support/mulberry32.js';
import { natsForTests } from '../support/natsServer.js';
import { SNAPSHOT_STREAM_SEQ_KEY } from '../../src/nats/fleetSnapshot.js';
import { makeRecords, recordsApi, type ApiRecord } from '../support/recordsApi.js';
import { spawnCli, type SpawnedCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import { readMirrorFile } from '../support/readMirrorFile.js';
import { replicatedState, withoutVersions } from '../support/replicatedState.js';

const tmp = useTempDir();

/** Runs `f` with a JetStream manager of its own connection to `url`. */
const withJetStream = async <T>(
  url: string,
  f: (manager: JetStreamManager, connection: NatsConnection) => Promise<T>,
): Promise<T> => {
  const connection = await connect({ servers: url });
  try {
    return await f(await jetstreamManager(connection), connection);
  } finally {
    await connection.close();
  }
};

/** Polls `probe` until it answers something other than undefined (30 s at most by default). */
const eventually = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe().catch(() => undefined);
    if (answer !== undefined) return answer;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
};
const nats = await natsForTests();

const RECORDS = 1_500;
const PAGE_SIZE = 50;
const KILLS = 16;
const CHANGES_PER_STEP = 40;
const REPLICAS = 3;
const CONVERGE_MS = 90_000;

/** What must be equal, byte for byte, between the publisher and every replica. */
const records = (db: string) => readMirrorFile(db, undefined, replicatedState);

/** The same, without `version` (a late joiner counts its own). */
const recordsWithoutVersion = (db: string) => {
  const state = records(db);
  return state === undefined ? undefined : withoutVersions(state);
};

const logged = (db: string) =>
  readMirrorFile(db, { events: 0, duplicates: -1 }, (c) => ({
    events: c.prepare('SELECT count(*) FROM mirror_events').pluck().get() as number,
    duplicates: c
      .prepare(
        'SELECT count(*) FROM (SELECT delta_key FROM mirror_events GROUP BY delta_key HAVING count(*) > 1)',
      )
      .pluck()
      .get() as number,
  }));

/** Events the publisher publishes: those that changed a record. */
const publishable = (db: string): number =>
  readMirrorFile(
    db,
    -1,
    (c) =>
      c
        .prepare("SELECT count(*) FROM mirror_events WHERE decision IN ('applied', 'merged')")
        .pluck()
        .get() as number,
  );

const payloads = (db: string): Record<string, ApiRecord> =>
  readMirrorFile(db, {}, (c) =>
    Object.fromEntries(
      (
        c.prepare('SELECT record_id, payload FROM mirror_records').all() as {
          record_id: string;
          payload: string;
        }[]
      ).map((r) => [r.record_id, JSON.parse(r.payload) as ApiRecord]),
    ),
  );

(nats ? describe : describe.skip)(
  'a fleet of mirrors over NATS JetStream, SIGKILLed at random moments',
  () => {
    let server: TestServer | undefined;
    const running = new Map<string, SpawnedCli>();
    let created: { stream: string; bucket: string } | undefined;
    afterAll(async () => {
      for (const run of running.values()) run.child.kill('SIGKILL');
      await Promise.all([...running.values()].map((run) => run.done));
      await server?.close();
      if (nats !== undefined && created !== undefined) {
        const { stream, bucket } = created;
        await withJetStream(nats.url, async (manager, connection) => {
          await manager.streams.delete(stream).catch(() => false);
          await new Objm(connection)
            .open(bucket)
            .then((store) => store.destroy())
            .catch(() => false);
        });
      }
      await nats?.stop();
    });

    it('every replica ends equal to the publisher, every delta logged once; a late joiner from a snapshot too', async () => {
      const url = nats?.url ?? '';
      const seed = Number(process.env.FLEET_SEED ?? Date.now() % 1_000_000);
      process.stdout.write(`fleet test seed: ${seed} (FLEET_SEED=${seed} to replay)\n`);
      const random = mulberry32(seed);
      const suffix = `${process.pid}_${seed}`;
      const stream = `FLEET_${suffix}`;
      const subjectPrefix = `fleet.t${suffix}`;
      const bucket = `fleet_${suffix}`;
      created = { stream, bucket };

      const api = makeRecords(RECORDS);
      const handler = recordsApi(() => api, 'cursor', PAGE_SIZE);
      server = await startHttpServer((req, res) => handler(req, res));

      const configFor = (name: string, body: Record<string, unknown>): { file: string; db: string } => {
        const dir = tmp.path(name);
        mkdirSync(dir);
        const file = join(dir, 'mirror.config.json');
        writeFileSync(
          file,
          JSON.stringify({ db: 'mirror.db', pollIntervalMs: 100, batchSize: 200, ...body }),
        );
        return { file, db: join(dir, 'mirror.db') };
      };
      const publisher = configFor('publisher', {
        sources: [
          {
            id: 'crm',
            type: 'http',
            baseUrl: server.url,
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
              },
            ],
          },
        ],
        publish: { nats: url, stream, subjectPrefix, snapshot: { bucket, everyEvents: 200, everyMs: 1_000 } },
      });
      // The replicas follow the whole stream (a replica killed before its first commit starts again
      // from sequence 1), so they count every change as the publisher does; the late joiner takes the
      // snapshot, and counts its own `version`s from there.
      const follower = { id: 'fleet', type: 'jetstream', nats: url, stream, subjectPrefix };
      const lateFollower = { ...follower, snapshot: { bucket } };
      const replicas = Array.from({ length: REPLICAS }, (_, i) =>
        configFor(`replica${i + 1}`, { sources: [follower] }),
      );
      const mirrors = new Map([
        ['publisher', publisher],
        ...replicas.map((r, i) => [`replica${i + 1}`, r] as const),
      ]);

      const start = (name: string): void => {
        const config = mirrors.get(name);
        if (config === undefined) throw new Error(name);
        running.set(
          name,
          spawnCli(['sync', '--config', config.file, '--watch'], {
            env: { OXIDE_MIRROR_LOG_LEVEL: 'error' },
          }),
        );
      };
      const kill = async (name: string): Promise<void> => {
        const run = running.get(name);
        if (run === undefined) return;
        run.child.kill('SIGKILL');
        const result = await run.done;
        // A process that exited on its own before the kill failed: show why.
        if (result.signal !== 'SIGKILL')
          throw new Error(`${name} exited ${String(result.status)}: ${result.stderr}`);
        running.delete(name);
      };
      const stop = async (name: string): Promise<void> => {
        const run = running.get(name);
        if (run === undefined) return;
        run.child.kill('SIGTERM');
        const result = await run.done;
        running.delete(name);
        expect({ name, status: result.status, stderr: result.stderr }).toEqual({
          name,
          status: 0,
          stderr: '',
        });
      };

      // The publisher first (it creates the stream), then the replicas.
      start('publisher');
      // A replica refuses a stream that does not exist: the publisher creates it.
      await withJetStream(url, (manager) => eventually('the stream', () => manager.streams.info(stream)));
      for (const name of mirrors.keys()) if (name !== 'publisher') start(name);

      let clock = Date.UTC(2025, 0, 1);
      let changed = 0;
      const names = [...mirrors.keys()];
      for (let kills = 0; kills < KILLS; kills++) {
        // The API changes while everything runs: some records updated, every tenth change a delete.
        for (let n = 0; n < CHANGES_PER_STEP; n++) {
          const i = Math.floor(random() * api.length);
          const r = api[i] as ApiRecord;
          if (r.deleted === true) continue;
          clock += 1000;
          api[i] = {
            ...r,
            name: `${r.name} (change ${changed})`,
            updated_at: new Date(clock).toISOString(),
            ...(changed % 10 === 9 ? { deleted: true } : {}),
          };
          changed++;
        }
        const victim = names[Math.floor(random() * names.length)] as string;
        await sleep(Math.floor(random() * 1_500));
        await kill(victim);
        start(victim);
      }

      // Quiet: no more changes. The publisher catches up with the API, publishes everything, and
      // writes a snapshot of all of it (a second after it last published): then a late joiner starts,
      // from that snapshot alone.
      const live = Object.fromEntries(api.filter((r) => r.deleted !== true).map((r) => [r.id, r]));
      await withJetStream(url, (manager, connection) =>
        eventually(
          'the publisher to mirror the API and snapshot all it published',
          async () => {
            if (!isDeepStrictEqual(payloads(publisher.db), live)) return undefined;
            const { last_seq } = (await manager.streams.info(stream)).state;
            const snapshot = await (await new Objm(connection).open(bucket)).info(stream);
            return snapshot?.metadata?.[SNAPSHOT_STREAM_SEQ_KEY] === String(last_seq) ? true : undefined;
          },
          CONVERGE_MS,
        ),
      );
      const late = configFor('late', { sources: [lateFollower] });
      mirrors.set('late', late);
      start('late');

      // Everything catches up and converges.
      const deadline = Date.now() + CONVERGE_MS;
      const converged = (): boolean => {
        const reference = records(publisher.db);
        return (
          isDeepStrictEqual(payloads(publisher.db), live) &&
          replicas.every((r) => isDeepStrictEqual(records(r.db), reference)) &&
          isDeepStrictEqual(recordsWithoutVersion(late.db), recordsWithoutVersion(publisher.db))
        );
      };
      const quiet = Date.now();
      while (!converged() && Date.now() < deadline) await sleep(250);
      const convergedMs = Date.now() - quiet;
      for (const name of [...running.keys()]) await stop(name);

      process.stdout.write(
        `fleet test: ${KILLS} SIGKILLs, ${changed} changes, converged ${convergedMs} ms after the late joiner started, seed ${seed}\n`,
      );
      // The publisher equals the API; every replica equals the publisher, byte for byte.
      expect(payloads(publisher.db)).toEqual(live);
      for (const replica of replicas) expect(records(replica.db)).toEqual(records(publisher.db));
      expect(recordsWithoutVersion(late.db)).toEqual(recordsWithoutVersion(publisher.db));
      // Every delta is logged once on each: the publisher once per change it pulled, each replica once
      // per change the publisher published; the late joiner fewer (its snapshot, then the stream's tail).
      expect(logged(publisher.db).duplicates).toBe(0);
      for (const replica of replicas)
        expect(logged(replica.db)).toEqual({ events: publishable(publisher.db), duplicates: 0 });
      // The late joiner logged the snapshot alone: one delta per record and tombstone of the publisher.
      const publisherState = records(publisher.db);
      expect(logged(late.db)).toEqual({
        events: (publisherState?.records.length ?? 0) + (publisherState?.tombstones.length ?? 0),
        duplicates: 0,
      });
      expect(logged(late.db).events).toBeLessThan(publishable(publisher.db));
    }, 300_000);
  },
);
