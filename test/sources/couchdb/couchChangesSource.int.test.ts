import { Writable } from 'node:stream';
import pino from 'pino';
import { HttpSourceError } from '../../../src/errors/HttpSourceError.js';
import { InvalidOptionsError } from '../../../src/errors/InvalidOptionsError.js';
import { SourceFailedError } from '../../../src/errors/SourceFailedError.js';
import type { JsonObject } from '../../../src/model/JsonValue.js';
import type { CouchSourceConfig } from '../../../src/sources/couchdb/CouchSourceConfig.js';
import {
  couchChangesSource,
  type CouchChangesSourceOptions,
} from '../../../src/sources/couchdb/couchChangesSource.js';
import { fromSyncSource } from '../../../src/sources/fromSyncSource.js';
import type { SyncSource } from '../../../src/sources/SyncSource.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import type { SyncReport } from '../../../src/streams/SyncReport.js';
import type { MirrorStore } from '../../../src/store/MirrorStore.js';
import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import { sendJson, startHttpServer } from '../../support/httpServer.js';
import { sync } from '../../support/mirrorHarness.js';
import { startPouchdbServer, type PouchdbServer } from '../../support/pouchdbServer.js';
import { recordingPulls, stoppingAfterPulls } from '../../support/syncSourceProbes.js';
import { useTempDir } from '../../support/tempDir.js';
import { connectionOf } from '../../../src/store/connectionOf.js';

const tmp = useTempDir('oxide-mirror-couch-source-');

let server: PouchdbServer;
let databases = 0;

beforeAll(async () => {
  server = await startPouchdbServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/** A fresh database per test, and the few document calls the tests make. */
const newDatabase = async () => {
  const url = await server.createDatabase(`db${++databases}`);
  const docPath = (id: string) =>
    id.startsWith('_design/') ? `_design/${encodeURIComponent(id.slice(8))}` : encodeURIComponent(id);
  const call = async (method: string, path: string, body?: unknown): Promise<JsonObject> => {
    const response = await fetch(`${url}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as JsonObject;
    if (!response.ok && response.status !== 404)
      throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    return json;
  };
  const revOf = async (id: string): Promise<string | undefined> => {
    const doc = await call('GET', docPath(id));
    return typeof doc._rev === 'string' ? doc._rev : undefined;
  };
  return {
    url,
    put: async (id: string, body: JsonObject) => {
      const rev = await revOf(id);
      await call('PUT', docPath(id), rev === undefined ? body : { ...body, _rev: rev });
    },
    remove: async (id: string) => {
      await call('DELETE', `${docPath(id)}?rev=${await revOf(id)}`);
    },
    /** The server's own view: every live document but design ones, without `_id`/`_rev`, by id. */
    allDocs: async (): Promise<[string, JsonObject][]> => {
      const { rows } = (await call('GET', '_all_docs?include_docs=true')) as {
        rows: { id: string; doc: JsonObject }[];
      };
      return rows
        .filter((row) => !row.id.startsWith('_design/'))
        .map((row): [string, JsonObject] => {
          const { _id, _rev, ...payload } = row.doc;
          return [row.id, payload];
        })
        .sort(([a], [b]) => (a < b ? -1 : 1));
    },
  };
};

const mirrored = (store: MirrorStore, resource = 'pets'): [string, JsonObject][] =>
  (
    connectionOf(store)
      .prepare('SELECT record_id, payload FROM mirror_records WHERE resource = ? ORDER BY record_id')
      .all(resource) as { record_id: string; payload: string }[]
  )
    .map((r): [string, JsonObject] => [r.record_id, JSON.parse(r.payload) as JsonObject])
    .sort(([a], [b]) => (a < b ? -1 : 1));

const couchConfig = (url: string, extra: Partial<CouchSourceConfig> = {}): CouchSourceConfig => ({
  type: 'couchdb',
  id: 'couch',
  url,
  resource: 'pets',
  ...extra,
});

/** One run of one source as the `sync` command runs it; `stopAfterPulls` ends it as a killed process would. */
const syncOnce = (store: MirrorStore, source: SyncSource, stopAfterPulls?: number): Promise<SyncReport> => {
  let stop = () => undefined as void;
  const probed =
    stopAfterPulls === undefined ? source : stoppingAfterPulls(source, stopAfterPulls, () => stop());
  const mirror = createMirror({
    store,
    sources: { couch: fromSyncSource(probed) },
  });
  stop = () => mirror.stop();
  return mirror.run();
};

/** Delays are recorded, never slept: retries in these tests wait 1 ms. */
const quickRetries = (delays: number[] = []): CouchChangesSourceOptions => ({
  retryDelayMs: (retry) => {
    delays.push(retry);
    return 1;
  },
});

const failureOf = async (run: Promise<unknown>): Promise<HttpSourceError> => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceFailedError);
  const cause = (error as SourceFailedError).cause;
  expect(cause).toBeInstanceOf(HttpSourceError);
  return cause as HttpSourceError;
};

describe('couchChangesSource against a real CouchDB-compatible server', () => {
  it('mirrors creates, updates and deletes, resumes from the stored cursor after a stop, and ends equal to _all_docs', async () => {
    const db = await newDatabase();
    for (let i = 1; i <= 8; i++) {
      await db.put(`p${i}`, { name: `pet ${i}`, n: i, tags: ['a', 'b'], owner: { id: `o${i % 3}` } });
    }
    await db.put('p2', { name: 'pet 2, renamed', n: 2, tags: [] });
    await db.remove('p3');
    await db.put('_design/pets', { views: { byName: { map: 'function (doc) { emit(doc.name); }' } } });
    const path = tmp.path('mirror.db');
    // The feed lists each document once, at its latest change: p1 p4 p5 | p6 p7 p8 | p2 p3(deleted) _design.
    const config = couchConfig(db.url, { limit: 3 });

    let store = openStore({ path });
    const first = await syncOnce(store, couchChangesSource(config), 2); // "killed" as page 2 arrives
    expect(first.total.pulled).toBe(3);
    const cursorAfterFirst = store.readCursor('couch', 'pets');
    expect(cursorAfterFirst).toBe('5'); // PouchDB's seqs are numbers: stored as text
    store.close();

    store = openStore({ path }); // a fresh process
    const resumed = recordingPulls(couchChangesSource(config));
    const second = await syncOnce(store, resumed.source);
    expect(resumed.pulls[0]).toBe(cursorAfterFirst);
    expect(second.total).toMatchObject({ pulled: 5, duplicates: 0, rejected: 0 }); // p6 p7 p8 p2 p3
    expect(mirrored(store)).toEqual(await db.allDocs());
    expect(mirrored(store).map(([id]) => id)).not.toContain('p3');
    const cursorAfterSecond = store.readCursor('couch', 'pets');
    store.close();

    await db.put('p1', { name: 'pet 1', n: 100, tags: ['c'] });
    await db.remove('p4');
    await db.put('p9', { name: 'pet 9', n: 9 });
    await db.put('p10', { name: 'short-lived' });
    await db.remove('p10');
    await db.put('_design/pets', { views: {} });

    store = openStore({ path });
    const third = recordingPulls(couchChangesSource(config));
    const report = await syncOnce(store, third.source);
    expect(third.pulls[0]).toBe(cursorAfterSecond);
    expect(report.total).toMatchObject({ pulled: 4, duplicates: 0 }); // p1 p4 p9 p10; the design doc skipped
    expect(mirrored(store)).toEqual(await db.allDocs());
    expect(mirrored(store).map(([id]) => id)).toEqual(['p1', 'p2', 'p5', 'p6', 'p7', 'p8', 'p9']);
    expect(store.countEvents()).toBe(3 + 5 + 4);
    store.close();
  });

  it('takes occurred_at from occurredAtField, rejects a document where it is missing or invalid, and uses the observed time otherwise', async () => {
    const db = await newDatabase();
    await db.put('a1', { meta: { updated_at: '2024-05-01T10:00:00+02:00' } });
    await db.put('a2', { meta: {} });
    await db.put('a3', { meta: { updated_at: 'yesterday' } });
    await db.put('a4', { meta: { updated_at: '2024-05-01T11:00:00Z' } });
    await db.remove('a4');
    await db.put('_design/x', { views: {} });
    const now = () => new Date('2030-01-01T00:00:00Z');

    const store = openStore({ path: IN_MEMORY });
    const withField = couchChangesSource(couchConfig(db.url, { occurredAtField: 'meta.updated_at' }), {
      now,
    });
    const { report, changes } = await sync(store, {
      couch: fromSyncSource(withField),
    });
    expect(report.total).toMatchObject({ pulled: 2, applied: 2, rejected: 2 });
    expect(changes.map((c) => [c.delta.record_id, c.delta.op, c.delta.occurred_at])).toEqual([
      ['a1', 'upsert', '2024-05-01T08:00:00.000000000Z'],
      ['a4', 'delete', '2030-01-01T00:00:00.000000000Z'], // a tombstone has no fields: observed time
    ]);
    const location = `${db.url}/_changes?limit=500&include_docs=true&style=main_only`;
    expect(
      (
        connectionOf(store).prepare('SELECT location, issues FROM mirror_rejects ORDER BY id').all() as {
          location: string;
          issues: string;
        }[]
      ).map((r) => ({ location: r.location, issues: JSON.parse(r.issues) as unknown })),
    ).toEqual([
      {
        location,
        issues: [
          {
            path: 'results[1].doc.meta.updated_at',
            reason: expect.stringMatching(/^missing \(expected an RFC 3339/),
          },
        ],
      },
      {
        location,
        issues: [
          { path: 'results[2].doc.meta.updated_at', reason: expect.stringContaining('got "yesterday"') },
        ],
      },
    ]);

    const plain = couchChangesSource({ ...couchConfig(db.url), id: 'plain', resource: 'plain' }, { now });
    const second = await sync(store, { plain: fromSyncSource(plain) });
    // One instant for all: released in the tie-break order (by key), so compare them by record id.
    expect(second.changes.map((c) => [c.delta.record_id, c.delta.occurred_at]).sort()).toEqual([
      ['a1', '2030-01-01T00:00:00.000000000Z'],
      ['a2', '2030-01-01T00:00:00.000000000Z'],
      ['a3', '2030-01-01T00:00:00.000000000Z'],
      ['a4', '2030-01-01T00:00:00.000000000Z'],
    ]);
    expect(mirrored(store, 'plain')).toEqual(await db.allDocs());
    store.close();
  });

  it('fails with a typed error, without retrying, when the database does not exist (404)', async () => {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const store = openStore({ path: IN_MEMORY });
    const source = couchChangesSource(couchConfig(`${server.url}/no_such_db`), {
      ...quickRetries(),
      fetch: counting,
    });
    const error = await failureOf(syncOnce(store, source));
    expect(error).toMatchObject({ code: 'HTTP_SOURCE_FAILED', kind: 'status', status: 404, attempts: 1 });
    expect(error.message).toBe(
      `source "couch" (pets): GET ${server.url}/no_such_db/_changes?limit=500&include_docs=true&style=main_only: ` +
        'HTTP 404 Not Found: not_found (no_db_file)',
    );
    expect(requests).toBe(1);
    store.close();
  });

  it('fails with a typed error when the body is not a changes feed', async () => {
    const store = openStore({ path: IN_MEMORY });
    // pouchdb-server answers `{}` for /_config/_changes: JSON, but no feed.
    const error = await failureOf(syncOnce(store, couchChangesSource(couchConfig(`${server.url}/_config`))));
    expect(error).toMatchObject({ kind: 'envelope', status: 200 });
    expect(error.message).toContain('the body is not a changes feed (results: missing');
    store.close();
  });

  it('keeps every digit of integers beyond 2^53 and 64-bit ids in documents (issue 10.3)', async () => {
    // CouchDB's JSON library keeps integers of any size exactly; pouchdb-server is JavaScript and would
    // round them when the document is written. So the documents hold the numbers as strings, and the
    // source's `fetch` serves the real server's feed with them written as numbers, as CouchDB does.
    const SNOWFLAKE = '1234567890123456789';
    const BIG = '12345678901234567890';
    const db = await newDatabase();
    await db.put('p1', { id: `#${SNOWFLAKE}`, owner: { ids: [`#${BIG}`, 'kept'] }, n: 5 });
    const asCouchWritesThem: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const text = (await response.text()).replace(/"#(\d+)"/g, '$1');
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const store = openStore({ path: IN_MEMORY });
    const report = await syncOnce(
      store,
      couchChangesSource(couchConfig(db.url), { fetch: asCouchWritesThem }),
    );
    expect(report.total).toMatchObject({ pulled: 1, applied: 1, rejected: 0 });
    expect(
      connectionOf(store).prepare("SELECT payload FROM mirror_records WHERE record_id = 'p1'").pluck().get(),
    ).toBe(`{"id":${SNOWFLAKE},"n":5,"owner":{"ids":[${BIG},"kept"]}}`);
    expect(store.readRecord('pets', 'p1')?.payload).toEqual({
      id: BigInt(SNOWFLAKE),
      n: 5,
      owner: { ids: [BigInt(BIG), 'kept'] },
    });
    store.close();
  });
});

describe('couchChangesSource against scripted faults', () => {
  it('retries a 503 and a dropped connection with backoff, then syncs through to the real server', async () => {
    const db = await newDatabase();
    await db.put('p1', { name: 'Rex' });
    await db.put('p2', { name: 'Tom' });
    const proxy = await startHttpServer(async (req, res, n) => {
      if (n === 1) return sendJson(res, { error: 'unavailable' }, 503);
      if (n === 2) return void req.socket.destroy();
      const upstream = await fetch(`${server.url}${req.url ?? '/'}`);
      sendJson(res, await upstream.json(), upstream.status);
    });
    const delays: number[] = [];
    const store = openStore({ path: IN_MEMORY });
    const source = couchChangesSource(
      couchConfig(`${proxy.url}/${db.url.split('/').pop()}`),
      quickRetries(delays),
    );
    const report = await syncOnce(store, source);
    expect(report.total.applied).toBe(2);
    expect(proxy.requests).toHaveLength(3);
    expect(delays).toEqual([1, 2]); // the backoff was asked for retry 1, then retry 2
    expect(mirrored(store)).toEqual(await db.allDocs());
    await proxy.close();
    store.close();
  });

  it('a server that keeps answering 500 fails the pull with an HttpSourceError after the retries', async () => {
    const broken = await startHttpServer((_req, res) =>
      sendJson(res, { error: 'internal_server_error', reason: 'boom' }, 500),
    );
    const store = openStore({ path: IN_MEMORY });
    const source = couchChangesSource(couchConfig(`${broken.url}/pets`), {
      ...quickRetries(),
      retryLimit: 2,
    });
    const error = await failureOf(syncOnce(store, source));
    expect(error).toMatchObject({ kind: 'status', status: 500, attempts: 3 });
    expect(error.message).toContain(
      'HTTP 500 Internal Server Error: internal_server_error (boom) (after 3 attempts)',
    );
    expect(broken.requests).toHaveLength(3);
    expect(store.readCursor('couch', 'pets')).toBeUndefined();
    await broken.close();
    store.close();
  });

  it('rejects a row that does not decode, at the request URL, and goes on with the page', async () => {
    const feed = await startHttpServer((_req, res) =>
      sendJson(res, {
        results: [
          {
            id: 'p1',
            seq: '1-g1AAAA',
            changes: [{ rev: '1-a' }],
            doc: { _id: 'p1', _rev: '1-a', name: 'Rex' },
          },
          { seq: '2-g1AAAA', changes: [] },
          { id: 'p3', seq: '3-g1AAAA', changes: [{ rev: '1-c' }] },
        ],
        last_seq: '3-g1AAAA',
        pending: 0,
      }),
    );
    const store = openStore({ path: IN_MEMORY });
    const report = await syncOnce(store, couchChangesSource(couchConfig(`${feed.url}/pets`)));
    expect(report.total).toMatchObject({ applied: 1, rejected: 2 });
    expect(store.readCursor('couch', 'pets')).toBe('3-g1AAAA'); // an opaque CouchDB 2+ seq, kept as given
    expect(
      (
        connectionOf(store).prepare('SELECT location, issues FROM mirror_rejects ORDER BY id').all() as {
          issues: string;
        }[]
      ).map((r) => JSON.parse(r.issues) as unknown),
    ).toEqual([
      [{ path: 'results[1].id', reason: expect.stringMatching(/^missing/) }],
      [{ path: 'results[2].doc', reason: expect.stringContaining('include_docs=true') }],
    ]);
    expect(feed.requests).toHaveLength(1); // pending: 0 means caught up
    await feed.close();
    store.close();
  });

  it('sends headers from the environment, and never logs them or puts them in errors, even when echoed', async () => {
    // A careless server that echoes the credential in its error body.
    const broken = await startHttpServer((req, res) =>
      sendJson(res, { error: 'unavailable', reason: `token ${req.headers.authorization}` }, 503),
    );
    let logs = '';
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          logs += chunk.toString();
          done();
        },
      }),
    );
    const config = couchConfig(`${broken.url}/pets`, {
      headers: { Authorization: { env: 'COUCH_TOKEN', prefix: 'Bearer ' }, 'X-Team': 'pets' },
    });
    const source = couchChangesSource(config, {
      ...quickRetries(),
      retryLimit: 1,
      env: { COUCH_TOKEN: 's3cr3t-token' },
    });
    const store = openStore({ path: IN_MEMORY });
    const mirror = createMirror({
      store,
      logger,
      sources: { couch: fromSyncSource(source) },
    });
    const error = await failureOf(mirror.run());
    expect(broken.requests.map((r) => [r.headers.authorization, r.headers['x-team']])).toEqual([
      ['Bearer s3cr3t-token', 'pets'],
      ['Bearer s3cr3t-token', 'pets'],
    ]);
    expect(logs).toContain('request failed; retrying');
    expect(logs).not.toContain('s3cr3t');
    expect(JSON.stringify(error)).not.toContain('s3cr3t');
    expect(error.message).toContain('HTTP 503 Service Unavailable: unavailable (token Bearer [redacted])');
    expect(() => couchChangesSource(config, { env: {} })).toThrow(InvalidOptionsError);
    expect(() => couchChangesSource(config, { env: {} })).toThrow(
      'source "couch" headers.Authorization: environment variable COUCH_TOKEN is not set',
    );
    await broken.close();
    store.close();
  });
});
