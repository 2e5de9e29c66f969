import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { runCli } from '../support/cli.js';
import { natsForTests } from '../support/natsServer.js';
import { readMirrorFile } from '../support/readMirrorFile.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const tmp = useTempDir();
const nats = await natsForTests();

const example = (name: string): string => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

const pets = (db: string): unknown =>
  readMirrorFile(db, [], (c) =>
    c.prepare('SELECT record_id, name, status, _source, _version FROM pets ORDER BY record_id').all(),
  );

(nats ? describe : describe.skip)("README's Many hosts walkthrough (examples/fleet)", () => {
  afterAll(() => nats?.stop());

  it('the publisher and a replica started from the example configs hold the same pets; cursors show the publish lag', async () => {
    const url = nats?.url ?? '';
    // The example configs as README runs them, with names of this test's own on the shared server.
    const stream = `PETSHOP_${process.pid}`;
    const bucket = `petshop-snapshots-${process.pid}`;
    const copy = (name: string): string => {
      const text = readFileSync(example(`fleet/${name}`), 'utf8')
        .replaceAll('nats://127.0.0.1:4222', url)
        .replaceAll('"PETSHOP"', JSON.stringify(stream))
        .replaceAll('petshop-snapshots', bucket)
        .replaceAll('mirror.petshop', `mirror.petshop${process.pid}`)
        .replace('../petshop.ndjson', example('petshop.ndjson'));
      const file = tmp.path(name);
      writeFileSync(file, text);
      return file;
    };
    const publisherConfig = copy('publisher.config.json');
    const replicaConfig = copy('replica.config.json');
    const publisherDb = tmp.path('publisher.db');
    const replicaDb = tmp.path('replica.db');
    const env = { OXIDE_MIRROR_LOG_LEVEL: 'warn' };

    const publisher = spawnCli(['sync', '--config', publisherConfig, '--watch'], { env });
    let replica: ReturnType<typeof spawnCli> | undefined;
    try {
      await waitUntil('the publisher to publish', () =>
        runCli(['cursors', '--db', publisherDb]).stdout.includes(`publish ${stream}`),
      );
      replica = spawnCli(['sync', '--config', replicaConfig, '--watch'], { env });
      await waitUntil(
        "the replica to hold the publisher's pets",
        () =>
          (pets(replicaDb) as unknown[]).length > 0 &&
          JSON.stringify(pets(replicaDb)) === JSON.stringify(pets(publisherDb)),
        { timeoutMs: 30_000, everyMs: 100 },
      );
      expect(runCli(['cursors', '--db', publisherDb]).stdout).toMatch(
        new RegExp(`publish ${stream}\\tevent \\d+\\tstream seq \\d+\\t\\S+\\tlag 0`),
      );
    } finally {
      publisher.child.kill('SIGTERM');
      replica?.child.kill('SIGTERM');
      const results = await Promise.all([publisher.done, replica?.done]);
      const connection = await connect({ servers: url });
      await (await jetstreamManager(connection)).streams.delete(stream).catch(() => false);
      await new Objm(connection)
        .open(bucket)
        .then((store) => store.destroy())
        .catch(() => false);
      await connection.close();
      for (const result of results) {
        expect({ status: result?.status ?? 0, stderr: result?.stderr ?? '' }).toEqual({
          status: 0,
          stderr: '',
        });
      }
    }
    expect(pets(replicaDb)).toEqual(pets(publisherDb));
  }, 90_000);
});
