import type { DeltaJson } from '../../../src/model/Delta.js';
import type { JsonObject } from '../../../src/model/JsonValue.js';
import { isMirrorError } from '../../../src/errors/MirrorError.js';
import { JetStreamSourceError } from '../../../src/errors/JetStreamSourceError.js';
import { SourceFailedError } from '../../../src/errors/SourceFailedError.js';
import { StreamPositionLostError } from '../../../src/errors/StreamPositionLostError.js';
import { fromSyncSource } from '../../../src/sources/fromSyncSource.js';
import { jetStreamSource } from '../../../src/sources/jetstream/jetStreamSource.js';
import type { JetStreamSourceConfig } from '../../../src/sources/jetstream/JetStreamSourceConfig.js';
import { jetStreamSyncSource } from '../../../src/sources/jetstream/jetStreamSyncSource.js';
import type { SyncSource } from '../../../src/sources/SyncSource.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import type { SyncReport } from '../../../src/streams/SyncReport.js';
import { connectionOf } from '../../../src/store/connectionOf.js';
import type { MirrorStore } from '../../../src/store/MirrorStore.js';
import { openStore } from '../../../src/store/openStore.js';
import { resetCursors } from '../../../src/store/resetCursors.js';
import { jetStreamFixture, type JetStreamFixture, type TestStream } from '../../support/jetStreamFixture.js';
import { records } from '../../support/mirrorHarness.js';
import { natsForTests } from '../../support/natsServer.js';
import { deltaLines } from '../../support/ndjson.js';
import { freePort } from '../../support/pouchdbServer.js';
import { recordingPulls, stoppingAfterPulls } from '../../support/syncSourceProbes.js';
import { useTempDir } from '../../support/tempDir.js';
import { waitUntil } from '../../support/waitUntil.js';

const nats = await natsForTests();
const tmp = useTempDir('oxide-mirror-jetstream-source-');

let fixture: JetStreamFixture;

const line = (id: string, minute: number, payload: JsonObject = { id, minute }): string =>
  JSON.stringify({
    resource: 'pets',
    record_id: id,
    op: 'upsert',
    payload,
    occurred_at: new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString(),
    provenance: { source: 'publisher', confidence: 1 },
  } satisfies DeltaJson);

const sourceConfig = (
  stream: TestStream,
  extra: Partial<JetStreamSourceConfig> = {},
): JetStreamSourceConfig => ({
  type: 'jetstream',
  id: 'fleet',
  nats: nats?.url ?? '',
  stream: stream.name,
  subjectPrefix: stream.subjectPrefix,
  ...extra,
});

/** One run of a SyncSource over the fixture's connection, as `sync` runs it; `stopAfterPulls` ends it as a killed process would. */
const syncOnce = (store: MirrorStore, source: SyncSource, stopAfterPulls?: number): Promise<SyncReport> => {
  let stop = () => undefined as void;
  const probed =
    stopAfterPulls === undefined ? source : stoppingAfterPulls(source, stopAfterPulls, () => stop());
  const mirror = createMirror({ store, sources: { fleet: fromSyncSource(probed) } });
  stop = () => mirror.stop();
  return mirror.run();
};

const eventKeys = (store: MirrorStore): string[] =>
  connectionOf(store).prepare('SELECT delta_key FROM mirror_events ORDER BY seq').pluck().all() as string[];

const rejects = (store: MirrorStore) =>
  connectionOf(store)
    .prepare('SELECT source_id AS source, location, input, issues FROM mirror_rejects ORDER BY id')
    .all() as {
    source: string;
    location: string;
    input: string;
    issues: string;
  }[];

const failureOf = async (run: Promise<unknown>): Promise<unknown> => {
  try {
    await run;
  } catch (error) {
    return error instanceof SourceFailedError ? error.cause : error;
  }
  throw new Error('expected the run to fail');
};

(nats ? describe : describe.skip)('jetStreamSource', () => {
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

  it('applies every message once, in stream order, resuming at the next sequence after a run stopped midway', async () => {
    const stream = await fixture.stream();
    const lines = deltaLines(230, 40);
    await stream.publish(lines);
    const store = openStore({ path: tmp.path('mirror.db') });
    const source = jetStreamSyncSource(fixture.connection, sourceConfig(stream, { limit: 50 }));

    // Pages 1 and 2 are committed, then the run ends (a process stopped there).
    await syncOnce(store, source, 3);
    expect(store.readCursor('fleet', '*')).toBe('100');
    expect(store.countEvents()).toBe(100);

    const { source: recorded, pulls } = recordingPulls(source);
    await syncOnce(store, recorded);
    expect(pulls[0]).toBe('100');
    expect(store.readCursor('fleet', '*')).toBe('230');
    const keys = eventKeys(store);
    expect(keys).toHaveLength(230);
    expect(new Set(keys).size).toBe(230);
    source.close();
    store.close();
  });

  it('runs through the config entry point: once until caught up, then live as messages are published', async () => {
    const stream = await fixture.stream();
    await stream.publish([line('a', 1), line('b', 2)]);
    const store = openStore({ path: tmp.path('mirror.db') });
    const report = await createMirror({
      store,
      sources: { fleet: jetStreamSource(sourceConfig(stream)) },
    }).run();
    expect(report.bySource.fleet).toMatchObject({ pulled: 2, applied: 2 });
    expect(records(store).map((r) => r.record_id)).toEqual(['a', 'b']);

    const mirror = createMirror({
      store,
      batchWaitMs: 10,
      ordering: { maxDelayMs: 10 },
      sources: {
        fleet: jetStreamSource(sourceConfig(stream), { mode: 'live', pollIntervalMs: 0, waitMs: 1_000 }),
      },
    });
    const running = mirror.run();
    await stream.publish([line('c', 3)]);
    await waitUntil('the live mirror applies c', () => store.countEvents() === 3);
    mirror.stop();
    await running;
    expect(store.readCursor('fleet', '*')).toBe('3');
    store.close();
  });

  it('keeps a malformed message in mirror_rejects at stream, subject and sequence, and moves past it', async () => {
    const stream = await fixture.stream();
    await stream.publish([
      line('a', 1),
      'not json',
      JSON.stringify({ resource: 'pets', record_id: 'b' }),
      new Uint8Array([0x7b, 0xff, 0x7d]),
      line('c', 2),
    ]);
    const store = openStore({ path: tmp.path('mirror.db') });
    await syncOnce(store, jetStreamSyncSource(fixture.connection, sourceConfig(stream)));
    expect(records(store).map((r) => r.record_id)).toEqual(['a', 'c']);
    const subject = `${stream.subjectPrefix}.items`;
    const rows = rejects(store);
    expect(rows.map((r) => [r.source, r.location])).toEqual([
      ['fleet', `jetstream://${stream.name}/${subject}#2`],
      ['fleet', `jetstream://${stream.name}/${subject}#3`],
      ['fleet', `jetstream://${stream.name}/${subject}#4`],
    ]);
    expect(rows[0]!.input).toBe('not json');
    expect(rows[0]!.issues).toMatch(/not valid JSON/);
    expect(rows[1]!.issues).toMatch(/op/);
    expect(rows[2]!.issues).toMatch(/not valid UTF-8: byte 0xFF at byte 1 of the message/);
    expect(store.readCursor('fleet', '*')).toBe('5');
    store.close();
  });

  it('fails with STREAM_POSITION_LOST, naming the cursor and the first sequence, when the next message was discarded', async () => {
    const stream = await fixture.stream({ max_msgs: 5 });
    await stream.publish([line('a', 1), line('b', 2), line('c', 3)]);
    const store = openStore({ path: tmp.path('mirror.db') });
    await syncOnce(store, jetStreamSyncSource(fixture.connection, sourceConfig(stream)));
    expect(store.readCursor('fleet', '*')).toBe('3');

    // Eight more: the stream keeps 7–11, so 4–6 are gone before this mirror read them.
    await stream.publish(Array.from({ length: 8 }, (_, i) => line(`n${i}`, 10 + i)));
    const error = await failureOf(
      syncOnce(store, jetStreamSyncSource(fixture.connection, sourceConfig(stream))),
    );
    expect(error).toBeInstanceOf(StreamPositionLostError);
    expect(isMirrorError(error) && error.code).toBe('STREAM_POSITION_LOST');
    expect(error).toMatchObject({
      source: 'fleet',
      stream: stream.name,
      cursor: '3',
      nextSeq: 4,
      firstSeq: 7,
    });
    const message = (error as Error).message;
    expect(message).toContain(
      `source "fleet": stream ${stream.name} no longer holds sequence 4 (the cursor is at 3`,
    );
    expect(message).toContain("the stream's first sequence is 7");
    expect(message).toContain('oxide-mirror cursors reset --db MIRROR.db --source fleet');
    // Nothing was skipped: the cursor stays.
    expect(store.readCursor('fleet', '*')).toBe('3');
    expect(store.countEvents()).toBe(3);

    store.close();
  });

  it('recovers from a lost position by a cursor reset and the snapshot', async () => {
    const stream = await fixture.stream({ max_msgs: 5 });
    const bucket = fixture.uniqueName('S');
    const config = sourceConfig(stream, { snapshot: { bucket } });
    await stream.publish([line('a', 1), line('b', 2)]);
    const store = openStore({ path: tmp.path('mirror.db') });
    await syncOnce(store, jetStreamSyncSource(fixture.connection, config));
    const all = Array.from({ length: 10 }, (_, i) => line(`n${i}`, 10 + i));
    await stream.publish(all); // sequences 3–12; the stream keeps 8–12
    await stream.writeSnapshot(bucket, [line('a', 1), line('b', 2), ...all.slice(0, 6)], 8);

    const error = await failureOf(syncOnce(store, jetStreamSyncSource(fixture.connection, config)));
    expect(error).toBeInstanceOf(StreamPositionLostError);
    expect((error as Error).message).toContain('it starts from the latest snapshot');

    resetCursors(store, { source: 'fleet' });
    await syncOnce(store, jetStreamSyncSource(fixture.connection, config));
    expect(records(store).map((r) => r.record_id)).toEqual(['a', 'b', ...all.map((_, i) => `n${i}`)]);
    // a and b were logged already: the snapshot's copies are duplicates, skipped.
    expect(store.countEvents()).toBe(12);
    expect(store.readCursor('fleet', '*')).toBe('12');
    store.close();
  });

  it('says a missing stream does not exist and that the publisher creates it', async () => {
    const store = openStore({ path: tmp.path('mirror.db') });
    const name = fixture.uniqueName('MISSING');
    const error = await failureOf(
      syncOnce(
        store,
        jetStreamSyncSource(fixture.connection, {
          type: 'jetstream',
          id: 'fleet',
          stream: name,
          subjectPrefix: 'nothing',
        }),
      ),
    );
    expect(error).toBeInstanceOf(JetStreamSourceError);
    expect(isMirrorError(error) && error.code).toBe('JETSTREAM_SOURCE_FAILED');
    expect((error as Error).message).toBe(
      `source "fleet": stream ${name} does not exist on the NATS server: the publisher creates it ` +
        '(start the publishing mirror first, or check the "stream" name)',
    );
    store.close();
  });

  it('fails at once, naming the URL, when no NATS server answers', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const store = openStore({ path: tmp.path('mirror.db') });
    const error = await failureOf(
      createMirror({
        store,
        sources: {
          fleet: jetStreamSource({
            type: 'jetstream',
            id: 'fleet',
            nats: url,
            stream: 'S',
            subjectPrefix: 'p',
          }),
        },
      }).run(),
    );
    expect(error).toBeInstanceOf(JetStreamSourceError);
    expect((error as Error).message).toMatch(
      new RegExp(`^source "fleet": no NATS server answers at ${url} \\(`),
    );
    store.close();
  });

  it('joins late from the snapshot, then follows the stream from the sequence after it; a killed join resumes at its line', async () => {
    const stream = await fixture.stream();
    const bucket = fixture.uniqueName('S');
    // The stream's history: a is created, changed, b created, deleted, c created...
    const history = [
      line('a', 1, { v: 1 }),
      line('a', 2, { v: 2 }),
      line('b', 3, { v: 1 }),
      line('c', 4, { v: 1 }),
      line('d', 5, { v: 1 }),
    ];
    await stream.publish(history);
    // ...the snapshot covers sequences 1–5 (the last state of each record)...
    await stream.writeSnapshot(bucket, [history[1]!, history[2]!, history[3]!, history[4]!], 5);
    // ...and the stream goes on.
    await stream.publish([line('b', 6, { v: 2 }), line('e', 7, { v: 1 })]);

    const store = openStore({ path: tmp.path('mirror.db') });
    const config = sourceConfig(stream, { snapshot: { bucket }, limit: 3 });
    const { source: first, pulls } = recordingPulls(jetStreamSyncSource(fixture.connection, config));
    await syncOnce(store, first, 2); // one page of three snapshot lines committed
    expect(pulls[0]).toBeUndefined();
    const joining = JSON.parse(store.readCursor('fleet', '*')!) as Record<string, unknown>;
    expect(joining).toMatchObject({ seq: 5, line: 3 });
    expect(store.countEvents()).toBe(3);

    await syncOnce(store, jetStreamSyncSource(fixture.connection, config));
    expect(store.readCursor('fleet', '*')).toBe('7');
    // The snapshot's 4 lines and the 2 messages after it: the history before the snapshot is never read.
    expect(store.countEvents()).toBe(6);
    expect(records(store).map((r) => [r.record_id, JSON.parse(r.payload as string) as unknown])).toEqual([
      ['a', { v: 2 }],
      ['b', { v: 2 }],
      ['c', { v: 1 }],
      ['d', { v: 1 }],
      ['e', { v: 1 }],
    ]);
    store.close();
  });

  it('starts at the first sequence when the snapshot bucket or object does not exist yet', async () => {
    const stream = await fixture.stream();
    await stream.publish([line('a', 1), line('b', 2)]);
    const store = openStore({ path: tmp.path('mirror.db') });
    await syncOnce(
      store,
      jetStreamSyncSource(
        fixture.connection,
        sourceConfig(stream, { snapshot: { bucket: fixture.uniqueName('S') } }),
      ),
    );
    expect(store.readCursor('fleet', '*')).toBe('2');
    expect(store.countEvents()).toBe(2);
    store.close();
  });

  it('refuses a snapshot object without the stream sequence in its metadata', async () => {
    const stream = await fixture.stream();
    const bucket = fixture.uniqueName('S');
    await stream.writeSnapshot(bucket, [line('a', 1)], undefined);
    const store = openStore({ path: tmp.path('mirror.db') });
    const error = await failureOf(
      syncOnce(
        store,
        jetStreamSyncSource(fixture.connection, sourceConfig(stream, { snapshot: { bucket } })),
      ),
    );
    expect(error).toBeInstanceOf(JetStreamSourceError);
    expect((error as Error).message).toBe(
      `source "fleet": the snapshot ${bucket}/${stream.name} has no stream sequence in its metadata ` +
        'oxide-mirror-stream-seq (missing): it was not written by an oxide-mirror publisher',
    );
    store.close();
  });
});
