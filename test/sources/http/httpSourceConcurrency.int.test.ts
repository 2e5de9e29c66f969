import { setTimeout as sleep } from 'node:timers/promises';
import { fromHttpSource } from '../../../src/sources/http/fromHttpSource.js';
import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { sendJson, startHttpServer, type TestServer } from '../../support/httpServer.js';
import { makeRecords } from '../../support/recordsApi.js';
import { httpConfig } from '../../support/httpSourceTestKit.js';

let server: TestServer | undefined;
afterEach(() => server?.close());

describe('HTTP source: concurrency per host', () => {
  it.each([1, 2])(
    'resources of one source share the limit: never more than %i request(s) in flight',
    async (maxConcurrency) => {
      server = await startHttpServer(async (req, res) => {
        await sleep(40);
        const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
        sendJson(res, { data: page <= 2 ? makeRecords(2, `${req.url?.slice(1, 2)}${page}-`) : [] });
      });
      const config = httpConfig({
        id: 'api',
        type: 'http',
        baseUrl: server.url,
        maxConcurrency,
        resources: ['a', 'b', 'c', 'd'].map((name) => ({
          name,
          url: `/${name}`,
          items: 'data',
          id: 'id',
          occurredAt: 'updated_at',
          paging: { type: 'page' },
        })),
      });
      const store = openStore({ path: IN_MEMORY });
      const report = await createMirror({
        store,
        sources: { api: fromHttpSource(config) },
      }).run();
      store.close();
      expect(report.total.applied).toBe(16); // 4 resources × 2 pages × 2 records
      expect(server.requests).toHaveLength(12); // 3 pages each, the last empty
      expect(server.inFlight.max).toBe(maxConcurrency);
    },
  );
});
