import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Subject } from 'rxjs';
import { PublishError } from '../../src/errors/PublishError.js';
import type { Delta } from '../../src/model/Delta.js';
import { SNAPSHOT_STREAM_SEQ_KEY, snapshotObjectName } from '../../src/nats/fleetSnapshot.js';
import { createPublisher, type CreatePublisherOptions } from '../../src/publish/createPublisher.js';
import type { PublishReport } from '../../src/publish/Publisher.js';
import { fromNdjson } from '../../src/sources/fromNdjson.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { connectionOf } from '../../src/store/connectionOf.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { openStore } from '../../src/store/openStore.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { replicatedState, withoutVersions } from '../support/replicatedState.js';
import { del, up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { natsForTests, type NatsForTests } from '../support/natsServer.js';
import {
  deleteStreams,
  startOwnNatsServer,
  streamMessages,
  uniqueName,
  type OwnNatsServer,
} from '../support/streamMessages.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
const nats = await natsForTests();
const made: string[] = [];
let nc: NatsConnection;

/** The events a replica must receive: the ones that changed the publisher's mirror, in seq order. */
const changingEvents = (store: MirrorStore) =>
  connectionOf(store)
    .prepare(
      `SELECT seq, delta_key AS key, decision, resource FROM mirror_events
        WHERE decision IN ('applied', 'merged') ORDER BY seq`,
    )
    .all() as { seq: number; key: string; decision: string; resource: string }[];

/** A mirror's state as a replica must reproduce it. */
const state = (store: MirrorStore) => replicatedState(connectionOf(store));

/** A history with every kind of event: updates, stale (skipped) deltas, deletes, a re-creation, ties, big numbers. */
const history: readonly (readonly Delta[])[] = [
  [
    up('contacts', 'c1', { name: 'Ada', n: 1 }, { minute: 1 }),
    up('contacts', 'c2', { name: 'Bob' }, { minute: 2 }),
    up('deals', 'd1', { amount: 12345678901234567890n, rate: 0.1 }, { minute: 3, confidence: 0.75 }),
  ],
  [
    up('contacts', 'c1', { name: 'Ada', n: 2 }, { minute: 5 }),
    up('contacts', 'c1', { name: 'stale' }, { minute: 4 }), // older: skipped, not published
    del('contacts', 'c2', { minute: 6 }),
    del('contacts', 'ghost', { minute: 6 }), // never seen: a tombstone of its own
    up('contacts', 'c3', { name: 'from a' }, { minute: 8, source: 'a' }),
    up('contacts', 'c3', { name: 'from b' }, { minute: 8, source: 'b' }), // same instant: b wins
  ],
  [
    up('contacts', 'c2', { name: 'Bob again' }, { minute: 7 }), // re-created after its delete
    up('contacts', 'c2', { name: 'Bob older' }, { minute: 6 }), // skipped against the new record
    up('deals', 'd1', { amount: 1 }, { minute: 2 }), // older: skipped
  ],
];

/** Applies delta lines to a mirror through the `ingest` path (NDJSON decoding, the whole pipeline). */
const ingestLines = (store: MirrorStore, lines: readonly string[]) =>
  sync(store, { fleet: fromNdjson(Readable.from([`${lines.join('\n')}\n`])) });

(nats ? describe : describe.skip)('createPublisher (the real NATS server)', () => {
  const server = nats as NatsForTests;
  beforeAll(async () => {
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc.close();
    await deleteStreams(server.url, made);
    await server.stop();
  });

  const target = (what: string) => {
    const stream = uniqueName(what);
    made.push(stream);
    return { stream, subjectPrefix: `oxide.${stream.toLowerCase()}` };
  };

  /** Publishes what is committed until caught up, then stops: what `sync --once` does. */
  const publishCaughtUp = (options: CreatePublisherOptions): Promise<PublishReport> => {
    const publisher = createPublisher(options);
    const run = publisher.run();
    publisher.stop({ flushWithinMs: Number.POSITIVE_INFINITY });
    return run;
  };

  it('publishes every event that changed the mirror, in seq order, as its outcome, with the delta key as Nats-Msg-Id', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    for (const batch of history) await sync(store, { crm: [...batch] });
    const { stream, subjectPrefix } = target('order');

    const report = await publishCaughtUp({ store, nats: server.url, stream, subjectPrefix, maxInFlight: 3 });

    const events = changingEvents(store);
    expect(events.length).toBeLessThan(12); // the skipped ones are not published
    expect(report).toMatchObject({ stream, published: events.length, duplicates: 0, lag: 0 });
    const messages = await streamMessages(nc, stream);
    expect(messages.map((m) => [m.msgId, m.mirrorSeq, m.subject])).toEqual(
      events.map((e) => [e.key, String(e.seq), `${subjectPrefix}.${e.resource}`]),
    );
    expect(report.position).toMatchObject({
      eventSeq: events[events.length - 1]?.seq,
      streamSeq: messages.length,
    });
    // The body is the ingest line of the stored delta, the payload's digits as stored.
    const deal = messages.find((m) => m.subject.endsWith('.deals'));
    expect(deal?.body).toBe(
      '{"resource":"deals","record_id":"d1","op":"upsert","payload":{"amount":12345678901234567890,"rate":0.1},' +
        '"occurred_at":"2024-01-01T00:03:00.000000000Z","provenance":{"source":"src","confidence":0.75}}',
    );
    const ghost = messages.find((m) => m.body.includes('"ghost"'));
    expect(JSON.parse(ghost?.body ?? '{}')).toMatchObject({ op: 'delete', payload: null });
    store.close();
  });

  it('a replica that ingests the published lines in stream order ends with the same records and tombstones', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    for (const batch of history) await sync(store, { crm: [...batch] });
    const { stream, subjectPrefix } = target('replica');
    await publishCaughtUp({ store, nats: server.url, stream, subjectPrefix });

    const replica = openStore({ path: tmp.path('replica.db') });
    const lines = (await streamMessages(nc, stream)).map((m) => m.body);
    const { report } = await ingestLines(replica, lines);
    // Every published outcome moves its record forward in last-write-wins' order: none is skipped.
    expect(report.total).toMatchObject({ pulled: lines.length, applied: lines.length, skipped: 0 });
    expect(state(replica)).toEqual(state(store));
    // Delivered again (a republish past JetStream's duplicate window), it changes nothing.
    expect((await ingestLines(replica, lines)).report.total.duplicates).toBe(lines.length);
    expect(state(replica)).toEqual(state(store));
    replica.close();
    store.close();
  });

  it('publishes a merge as its result, with the provenance of the delta merged in', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    await sync(store, { crm: [up('profiles', 'p1', { name: 'Ada', tags: { a: 1 } }, { minute: 1 })] });
    await sync(
      store,
      { billing: [up('profiles', 'p1', { plan: 'pro', tags: { b: 2 } }, { minute: 2, source: 'billing' })] },
      { strategyFor: { profiles: mergeJson } },
    );
    const { stream, subjectPrefix } = target('merged');
    await publishCaughtUp({ store, nats: server.url, stream, subjectPrefix });

    const [, merged] = await streamMessages(nc, stream);
    expect(changingEvents(store).map((e) => e.decision)).toEqual(['applied', 'merged']);
    expect(merged?.body).toBe(
      '{"resource":"profiles","record_id":"p1","op":"upsert","payload":{"name":"Ada","plan":"pro","tags":{"a":1,"b":2}},' +
        '"occurred_at":"2024-01-01T00:02:00.000000000Z","provenance":{"source":"billing","confidence":1}}',
    );
    store.close();
  });

  it('publishing again from an older cursor (a crash before it was stored) is dropped by JetStream as duplicates', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    for (const batch of history) await sync(store, { crm: [...batch] });
    const { stream, subjectPrefix } = target('again');
    const first = await publishCaughtUp({ store, nats: server.url, stream, subjectPrefix });
    // As if the process died before its last cursor write: the cursor is back at the start.
    connectionOf(store).prepare('UPDATE mirror_publish_cursors SET event_seq = 0, stream_seq = 0').run();

    const again = await publishCaughtUp({ store, nats: server.url, stream, subjectPrefix });

    expect(again).toMatchObject({ published: 0, duplicates: first.published, lag: 0 });
    expect(again.position).toMatchObject({
      eventSeq: first.position?.eventSeq,
      streamSeq: first.position?.streamSeq,
    });
    const messages = await streamMessages(nc, stream);
    expect(messages.map((m) => m.msgId)).toEqual(changingEvents(store).map((e) => e.key));
    store.close();
  });

  it('follows a live mirror: each commit wakes it, and its cursor writes share the writer connection (no CONCURRENT_WRITER)', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    const { stream, subjectPrefix } = target('live');
    const deltas = new Subject<Delta>();
    const mirror = createMirror({
      store,
      sources: { crm: deltas },
      batchWaitMs: 5,
      ordering: { maxDelayMs: 5 },
    });
    const publisher = createPublisher({
      store,
      nats: server.url,
      stream,
      subjectPrefix,
      committed$: mirror.applied$,
    });
    const publishing = publisher.run();
    const running = mirror.run();
    for (let round = 1; round <= 5; round++) {
      for (let i = 0; i < 20; i++) deltas.next(up('items', `i${i}`, { round }, { minute: round }));
      const expected = round * 20;
      for (let waited = 0; publisher.report().published < expected; waited += 10) {
        if (waited > 15_000) throw new Error(`round ${round}: ${publisher.report().published} published`);
        await sleep(10);
      }
    }
    deltas.complete();
    await running;
    publisher.stop({ flushWithinMs: Number.POSITIVE_INFINITY });
    const report = await publishing;
    expect(report).toMatchObject({ published: 100, duplicates: 0, lag: 0 });
    expect((await streamMessages(nc, stream)).map((m) => m.msgId)).toEqual(
      changingEvents(store).map((e) => e.key),
    );
    store.close();
  });

  it('refuses, by name, a resource that is not a subject token, and publishes nothing past it', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    await sync(store, {
      crm: [up('contacts', 'c1', { n: 1 }, { minute: 1 }), up('sales.deals', 'd1', { n: 1 }, { minute: 2 })],
    });
    const { stream, subjectPrefix } = target('token');

    const failure = await publishCaughtUp({ store, nats: server.url, stream, subjectPrefix }).catch(
      (err: unknown) => err,
    );

    expect(failure).toBeInstanceOf(PublishError);
    expect(failure).toMatchObject({ code: 'PUBLISH_FAILED', stream, resource: 'sales.deals' });
    expect((failure as Error).message).toBe(
      `publishing to stream ${stream} (resource "sales.deals"): event 2: the resource name is not a NATS subject token ` +
        `(no spaces, ".", "*" or ">"), so it has no subject under ${subjectPrefix}; rename the resource at its source`,
    );
    expect((await streamMessages(nc, stream)).map((m) => m.mirrorSeq)).toEqual(['1']);
    expect(connectionOf(store).prepare('SELECT event_seq FROM mirror_publish_cursors').get()).toEqual({
      event_seq: 1,
    });
    store.close();
  });

  it('uses a stream that covers <prefix>.>, and refuses one that does not, saying what to change', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    await sync(store, { crm: [up('contacts', 'c1', { n: 1 }, { minute: 1 })] });
    const jsm = await jetstreamManager(nc);
    const wideStream = target('wide').stream;
    const wide = { stream: wideStream, subjectPrefix: `${wideStream.toLowerCase()}.crm` };
    await jsm.streams.add({ name: wide.stream, subjects: [`${wideStream.toLowerCase()}.*.>`] });
    expect(await publishCaughtUp({ store, nats: server.url, ...wide })).toMatchObject({ published: 1 });

    const narrow = target('narrow');
    await jsm.streams.add({ name: narrow.stream, subjects: [`${narrow.subjectPrefix}.contacts`] });
    const failure = await publishCaughtUp({ store, nats: server.url, ...narrow }).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(PublishError);
    expect((failure as Error).message).toBe(
      `publishing to stream ${narrow.stream}: the stream exists with subjects ["${narrow.subjectPrefix}.contacts"], ` +
        `which do not cover ${narrow.subjectPrefix}.>: add ${narrow.subjectPrefix}.> to them ` +
        `(nats stream edit ${narrow.stream} --subjects …), or publish to another stream`,
    );
    store.close();
  });

  it('writes a snapshot a late joiner starts from: every record and tombstone in key order, and the stream seq it covers', async () => {
    const store = openStore({ path: tmp.path('publisher.db') });
    for (const batch of history.slice(0, 2)) await sync(store, { crm: [...batch] });
    const { stream, subjectPrefix } = target('snap');
    const bucket = uniqueName('bucket');
    made.push(`OBJ_${bucket}`);
    const options = { store, nats: server.url, stream, subjectPrefix, snapshot: { bucket } };

    // The first run finds no snapshot and writes one once caught up.
    const first = await publishCaughtUp(options);
    expect(first.snapshots).toBe(1);
    const os = await new Objm(nc).open(bucket);
    const object = snapshotObjectName(stream);
    const read = async () => ({
      seq: Number((await os.info(object))?.metadata?.[SNAPSHOT_STREAM_SEQ_KEY]),
      lines: new TextDecoder().decode((await os.getBlob(object)) ?? new Uint8Array()).split('\n'),
    });
    const snapshot = await read();
    expect(snapshot.seq).toBe(first.position?.streamSeq);
    expect(snapshot.lines.pop()).toBe(''); // every line ends with a newline
    expect(snapshot.lines.map((l) => (JSON.parse(l) as Delta).record_id)).toEqual([
      'c1',
      'c2',
      'c3',
      'ghost',
      'd1',
    ]);
    expect(snapshot.lines.map((l) => (JSON.parse(l) as Delta).op)).toEqual([
      'upsert',
      'delete',
      'upsert',
      'delete',
      'upsert',
    ]);
    expect(snapshot.lines[4]).toContain('"amount":12345678901234567890');

    // More changes, published; a snapshot asked for in code covers them.
    await sync(store, { crm: [...(history[2] ?? [])] });
    const publisher = createPublisher(options);
    const running = publisher.run();
    const taken = await publisher.snapshot();
    publisher.stop({ flushWithinMs: Number.POSITIVE_INFINITY });
    const second = await running;
    expect(taken).toMatchObject({
      bucket,
      object,
      records: 4,
      tombstones: 1,
      streamSeq: second.position?.streamSeq,
    });
    expect((await read()).seq).toBe(second.position?.streamSeq);

    // A late joiner: the snapshot, then the stream after the sequence it covers, equals the publisher.
    await sync(store, {
      crm: [up('contacts', 'c4', { name: 'late' }, { minute: 9 }), del('contacts', 'c1', { minute: 9 })],
    });
    const third = await publishCaughtUp({ ...options, snapshot: { bucket, everyEvents: 1_000_000 } });
    expect(third).toMatchObject({ published: 2, snapshots: 0 });
    const joiner = openStore({ path: tmp.path('joiner.db') });
    const { seq, lines } = await read();
    await ingestLines(
      joiner,
      lines.filter((l) => l !== ''),
    );
    const after = (await streamMessages(nc, stream)).filter((m) => m.seq > seq).map((m) => m.body);
    expect(after).toHaveLength(2);
    await ingestLines(joiner, after);
    // Versions count each mirror's own changes: the joiner skipped the history before the snapshot.
    expect(withoutVersions(state(joiner))).toEqual(withoutVersions(state(store)));
    joiner.close();
    store.close();
  });
});

(nats ? describe : describe.skip)(
  'createPublisher while NATS goes away and comes back (own nats-server)',
  () => {
    let own: OwnNatsServer;
    beforeAll(async () => {
      own = await startOwnNatsServer();
    });
    afterAll(async () => {
      await own.dispose();
    });

    it('the mirror goes on syncing; publishing waits, then catches up with nothing lost or doubled', async () => {
      const store = openStore({ path: tmp.path('publisher.db') });
      const stream = uniqueName('outage');
      const deltas = new Subject<Delta>();
      const mirror = createMirror({
        store,
        sources: { crm: deltas },
        batchWaitMs: 5,
        ordering: { maxDelayMs: 5 },
      });
      const publisher = createPublisher({
        store,
        nats: own.url,
        stream,
        subjectPrefix: 'outage',
        committed$: mirror.applied$,
        retryMs: 100,
        ackTimeoutMs: 1_000,
      });
      const publishing = publisher.run();
      const running = mirror.run();
      const waitFor = async (what: string, condition: () => boolean): Promise<void> => {
        for (let waited = 0; !condition(); waited += 20) {
          if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
          await sleep(20);
        }
      };
      const committed = () => store.countEvents();
      const send = (from: number, to: number) => {
        for (let i = from; i < to; i++) deltas.next(up('items', `i${i % 150}`, { i }, { minute: i }));
      };

      send(0, 100);
      await waitFor('the first 100 published', () => publisher.report().published === 100);
      await own.stop();
      send(100, 300); // while NATS is down: committed locally
      await waitFor('300 events committed', () => committed() === 300);
      expect(publisher.report().lag).toBe(200);
      await sleep(1_500); // publishes time out and are tried again meanwhile
      await own.start();
      send(300, 400);
      await waitFor('all 400 acknowledged', () => publisher.report().lag === 0 && committed() === 400);
      deltas.complete();
      await running;
      publisher.stop({ flushWithinMs: Number.POSITIVE_INFINITY });
      const report = await publishing;

      const check = await connect({ servers: own.url });
      const messages = await streamMessages(check, stream);
      await check.close();
      const events = changingEvents(store);
      expect(events).toHaveLength(400);
      expect(messages.map((m) => m.msgId)).toEqual(events.map((e) => e.key));
      expect(messages.map((m) => m.mirrorSeq)).toEqual(events.map((e) => String(e.seq)));
      // A publish whose acknowledgement was lost in the outage is sent again and counted as a duplicate.
      expect(report.published).toBeLessThanOrEqual(400);
      expect(report.published + report.duplicates).toBeGreaterThanOrEqual(400);
      expect(report.position).toMatchObject({ eventSeq: events[399]?.seq, streamSeq: 400 });
      store.close();
    });
  },
);
