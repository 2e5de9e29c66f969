import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { fromHttpSource } from '../../../src/sources/http/fromHttpSource.js';
import type { MirrorStore } from '../../../src/store/MirrorStore.js';
import { startHttpServer, type TestServer } from '../../support/httpServer.js';
import { makeRecords, recordsApi, type ApiRecord, type PagingStyle } from '../../support/recordsApi.js';
import { httpConfig } from '../../support/httpSourceTestKit.js';

const PAGING: Record<PagingStyle, Record<string, unknown>> = {
  cursor: { items: 'data', paging: { type: 'cursor', next: 'meta.next' } },
  link: { paging: { type: 'link' } },
  page: { items: 'items', paging: { type: 'page', size: 2 } },
  offset: { items: 'results', paging: { type: 'offset', limit: 2 } },
};

const sourceConfig = (server: TestServer, style: PagingStyle, extra: Record<string, unknown> = {}) =>
  httpConfig({
    id: 'api',
    type: 'http',
    baseUrl: `${server.url}/`,
    resources: [
      {
        name: 'items',
        url: 'items',
        id: 'id',
        occurredAt: 'updated_at',
        since: { param: 'updated_since' },
        deleted: { field: 'deleted' },
        ...PAGING[style],
        ...extra,
      },
    ],
  });

const mirrored = (store: MirrorStore) =>
  Object.fromEntries(store.listRecords('items').map((r) => [r.record_id, r.payload]));

const pathsOf = (server: TestServer) => server.requests.map((r) => r.url);

describe('HTTP source: paging and incremental pulls (real server on 127.0.0.1)', () => {
  let server: TestServer | undefined;
  let store: MirrorStore | undefined;
  afterEach(async () => {
    store?.close();
    await server?.close();
  });

  it.each<PagingStyle>(['cursor', 'link', 'page', 'offset'])(
    '%s paging: pulls every page, stores a cursor, and the next run asks only for changes since',
    async (style) => {
      const records: ApiRecord[] = makeRecords(5);
      server = await startHttpServer(recordsApi(() => records, style, 2));
      store = openStore({ path: IN_MEMORY });
      const s = store;
      const run = () =>
        createMirror({
          store: s,
          sources: { api: fromHttpSource(sourceConfig(server!, style)) },
        }).run();

      const first = await run();
      expect(first.total).toMatchObject({ pulled: 5, applied: 5, rejected: 0 });
      expect(server.requests).toHaveLength(3); // pages of 2, 2 and 1
      expect(mirrored(store)).toEqual(Object.fromEntries(records.map((r) => [r.id, r])));
      expect(store.readCursor('api', 'items')).toBe('{"since":"2024-01-01T00:00:04.000Z"}');

      // r1 changes, r5 appears; the next run asks for changes since the last occurred_at seen.
      records[1] = { ...records[1]!, name: 'renamed', updated_at: '2024-01-02T00:00:00.000Z' };
      records.push({ id: 'r00005', name: 'new', updated_at: '2024-01-02T00:00:01.000Z' });
      server.requests.length = 0;
      const second = await run();
      expect(pathsOf(server)[0]).toContain('updated_since=2024-01-01T00%3A00%3A04.000Z');
      // r4 comes again (the parameter is inclusive) and is recognised as a duplicate.
      expect(second.total).toMatchObject({ pulled: 3, applied: 2, duplicates: 1 });
      expect(mirrored(store)).toEqual(Object.fromEntries(records.map((r) => [r.id, r])));
      expect(store.readCursor('api', 'items')).toBe('{"since":"2024-01-02T00:00:01.000Z"}');
    },
  );

  it('cursor paging sends the token from the body back in the query, and resumes mid-scan from the stored cursor', async () => {
    const records = makeRecords(6);
    server = await startHttpServer(recordsApi(() => records, 'cursor', 2));
    store = openStore({ path: IN_MEMORY });
    const config = sourceConfig(server, 'cursor');
    // As if a run had committed the first page and died: the stored cursor is mid-scan.
    const next = Buffer.from(JSON.stringify(['2024-01-01T00:00:01.000Z', 'r00001'])).toString('base64url');
    const midScan = JSON.stringify({ latest: '2024-01-01T00:00:01.000Z', next });
    const report = await createMirror({
      store,
      sources: { api: (context) => fromHttpSource(config)({ ...context, readCursor: () => midScan }) },
    }).run();
    expect(report.total.pulled).toBe(4);
    expect(pathsOf(server)).toEqual([`/items?cursor=${next}`, expect.stringMatching(/^\/items\?cursor=/)]);
    expect(store.readCursor('api', 'items')).toBe('{"since":"2024-01-01T00:00:05.000Z"}');
  });

  it('page paging counts from `start` with the configured parameter names and stops at a short page', async () => {
    const records = makeRecords(4);
    server = await startHttpServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const n = Number(url.searchParams.get('p'));
      const size = Number(url.searchParams.get('size'));
      res.end(JSON.stringify({ items: records.slice(n * size, (n + 1) * size) }));
    });
    store = openStore({ path: IN_MEMORY });
    const config = sourceConfig(server, 'page', {
      paging: { type: 'page', param: 'p', start: 0, size: 3, sizeParam: 'size' },
      query: { include: 'all' },
    });
    const report = await createMirror({
      store,
      sources: { api: fromHttpSource(config) },
    }).run();
    expect(report.total.applied).toBe(4);
    expect(pathsOf(server)).toEqual(['/items?include=all&p=0&size=3', '/items?include=all&p=1&size=3']);
  });

  it('without paging or since: one request per scan, every item every time (duplicates recognised)', async () => {
    const records = makeRecords(3);
    server = await startHttpServer(recordsApi(() => records, 'page', 100));
    store = openStore({ path: IN_MEMORY });
    const config = httpConfig({
      id: 'api',
      type: 'http',
      resources: [
        { name: 'items', url: `${server.url}/items`, items: 'items', id: 'id', occurredAt: 'updated_at' },
      ],
    });
    const run = () =>
      createMirror({
        store: store!,
        sources: { api: fromHttpSource(config) },
      }).run();
    expect((await run()).total.applied).toBe(3);
    expect((await run()).total).toMatchObject({ pulled: 3, applied: 0, duplicates: 3 });
    expect(pathsOf(server)).toEqual(['/items', '/items']);
  });

  it('deletions: a true flag field removes the record; so does a tombstone field that is present', async () => {
    const records: ApiRecord[] = makeRecords(3);
    server = await startHttpServer(recordsApi(() => records, 'cursor', 10));
    store = openStore({ path: IN_MEMORY });
    const s = store;
    const flagRun = () =>
      createMirror({
        store: s,
        sources: { api: fromHttpSource(sourceConfig(server!, 'cursor')) },
      }).run();
    await flagRun();
    records[0] = { ...records[0]!, deleted: true, updated_at: '2024-02-01T00:00:00.000Z' };
    records[1] = { ...records[1]!, deleted: false, updated_at: '2024-02-01T00:00:01.000Z' };
    await flagRun();
    expect(Object.keys(mirrored(s))).toEqual(['r00001', 'r00002']);

    const tombstones = httpConfig({
      id: 'api2',
      type: 'http',
      baseUrl: server.url,
      resources: [
        {
          name: 'items2',
          url: '/items',
          id: 'id',
          occurredAt: 'updated_at',
          items: 'data',
          paging: { type: 'cursor', next: 'meta.next' },
          deleted: { field: 'deleted_at', when: 'present' },
        },
      ],
    });
    records[2] = {
      ...records[2]!,
      deleted_at: '2024-02-01T00:00:02.000Z',
      updated_at: '2024-02-01T00:00:02.000Z',
    };
    records[1] = { ...records[1], deleted_at: null };
    const report = await createMirror({
      store: s,
      sources: { api2: fromHttpSource(tombstones) },
    }).run();
    expect(report.total.pulled).toBe(3);
    expect(s.listRecords('items2').map((r) => r.record_id)).toEqual(['r00000', 'r00001']);
  });
});
