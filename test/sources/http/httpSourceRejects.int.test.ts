import { fromHttpSource } from '../../../src/sources/http/fromHttpSource.js';
import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { sendJson, startHttpServer, type TestServer } from '../../support/httpServer.js';
import { httpConfig } from '../../support/httpSourceTestKit.js';
import { connectionOf } from '../../../src/store/connectionOf.js';

let server: TestServer | undefined;
afterEach(() => server?.close());

describe('HTTP source: items that do not decode', () => {
  it('become mirror_rejects rows located by the URL, naming the failing path; the rest of the page is applied', async () => {
    const items = [
      { id: 'a', updated_at: '2024-05-01T10:00:00Z', name: 'fine' },
      { id: 'b', updated_at: 'yesterday', name: 'bad time' },
      { updated_at: '2024-05-01T10:00:02Z', name: 'no id' },
      {
        id: 'c',
        meta: { changed: '2024-05-01T10:00:03Z' },
        updated_at: '2024-05-01T10:00:03Z',
        deleted: 'yes',
      },
      'not an object',
      { id: 7, updated_at: '2024-05-01T10:00:05+02:00', name: 'integer id' },
    ];
    server = await startHttpServer((_req, res) => sendJson(res, { page: { rows: items } }));
    const config = httpConfig({
      id: 'api',
      type: 'http',
      baseUrl: server.url,
      resources: [
        {
          name: 'items',
          url: '/v1/items?sort=asc',
          items: 'page.rows',
          id: 'id',
          occurredAt: 'updated_at',
          deleted: { field: 'deleted' },
        },
      ],
    });
    const store = openStore({ path: IN_MEMORY });
    const run = () =>
      createMirror({
        store,
        sources: { api: fromHttpSource(config) },
      }).run();
    const report = await run();
    expect(report.total).toMatchObject({ pulled: 2, applied: 2, rejected: 4 });
    expect(store.listRecords('items').map((r) => r.record_id)).toEqual(['7', 'a']);

    const url = `${server.url}/v1/items?sort=asc`;
    const rejects = connectionOf(store)
      .prepare('SELECT source_id, location, input, issues FROM mirror_rejects ORDER BY rowid')
      .all() as { source_id: string; location: string; input: string; issues: string }[];
    expect(rejects.map((r) => ({ ...r, issues: JSON.parse(r.issues) as unknown }))).toEqual([
      {
        source_id: 'api',
        location: url,
        input: JSON.stringify(items[1]),
        issues: [
          {
            path: 'page.rows[1].updated_at',
            reason:
              'expected an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z) between years 0000 and 9999, got "yesterday"',
          },
        ],
      },
      {
        source_id: 'api',
        location: url,
        input: JSON.stringify(items[2]),
        issues: [
          {
            path: 'page.rows[2].id',
            reason: 'missing (expected a record id (a string of 1 to 1024 characters, or an integer))',
          },
        ],
      },
      {
        source_id: 'api',
        location: url,
        input: JSON.stringify(items[3]),
        issues: [
          {
            path: 'page.rows[3].deleted',
            reason: 'expected true, false, null or nothing (the deletion flag), got "yes"',
          },
        ],
      },
      {
        source_id: 'api',
        location: url,
        input: '"not an object"',
        issues: [
          {
            path: 'page.rows[4]',
            reason: 'expected a JSON object (finite numbers, plain values), got "not an object"',
          },
        ],
      },
    ]);

    // The same page again: the rejects are kept once, not twice.
    await run();
    expect(connectionOf(store).prepare('SELECT count(*) AS n FROM mirror_rejects').get()).toEqual({ n: 4 });
    store.close();
  });
});
