import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import type { MirrorStore } from '../../../src/store/MirrorStore.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { fromHttpSource } from '../../../src/sources/http/fromHttpSource.js';
import { startHttpServer, type TestServer } from '../../support/httpServer.js';
import { httpConfig } from '../../support/httpSourceTestKit.js';
import { connectionOf } from '../../../src/store/connectionOf.js';

/** A 64-bit snowflake id, an integer beyond 64 bits, a decimal beyond a double, a next token beyond 2^53. */
const SNOWFLAKE = '1234567890123456789';
const BIG = '12345678901234567890';
const RATE = '0.1000000000000000055511151231257827';
const NEXT = '9007199254740993';

/** The pages as the server writes them: JSON text with numbers JSON.parse would round. */
const PAGES: Record<string, string> = {
  first:
    `{"data":[{"id":${SNOWFLAKE},"updated_at":"2024-01-01T00:00:00Z","amount":${BIG},"rate":${RATE},` +
    `"owner":{"id":${SNOWFLAKE}}}],"meta":{"next":${NEXT}}}`,
  [NEXT]:
    `{"data":[{"id":"x2","updated_at":"2024-01-01T00:00:01Z","amount":1},{"id":"bad","amount":${BIG}}],` +
    '"meta":{"next":null}}',
};

describe('HTTP source: numbers keep their digits (real server on 127.0.0.1, issue 10.3)', () => {
  let server: TestServer | undefined;
  let store: MirrorStore | undefined;
  afterEach(async () => {
    store?.close();
    await server?.close();
  });

  it('reads 64-bit ids, big integers and long decimals exactly, and sends a big next token back as written', async () => {
    server = await startHttpServer((req, res) => {
      const cursor = new URL(req.url ?? '', 'http://x').searchParams.get('cursor') ?? 'first';
      const body = PAGES[cursor];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(body ?? `{"error":"no page ${cursor}"}`);
    });
    store = openStore({ path: IN_MEMORY });
    const config = httpConfig({
      id: 'api',
      type: 'http',
      baseUrl: `${server.url}/`,
      resources: [
        {
          name: 'items',
          url: 'items',
          items: 'data',
          id: 'id',
          occurredAt: 'updated_at',
          paging: { type: 'cursor', next: 'meta.next' },
        },
      ],
    });
    const report = await createMirror({
      store,
      sources: { api: fromHttpSource(config) },
    }).run();

    expect(report.total).toMatchObject({ pulled: 2, applied: 2, rejected: 1 });
    expect(server.requests.map((r) => r.url)).toEqual(['/items', `/items?cursor=${NEXT}`]);
    const rows = connectionOf(store)
      .prepare("SELECT record_id, payload FROM mirror_records WHERE resource = 'items' ORDER BY record_id")
      .all();
    expect(rows).toEqual([
      {
        record_id: SNOWFLAKE, // an integer id is stored as its decimal text: every digit of it
        payload:
          `{"amount":${BIG},"id":${SNOWFLAKE},"owner":{"id":${SNOWFLAKE}},"rate":${RATE},` +
          '"updated_at":"2024-01-01T00:00:00Z"}',
      },
      { record_id: 'x2', payload: '{"amount":1,"id":"x2","updated_at":"2024-01-01T00:00:01Z"}' },
    ]);
    // A rejected item is kept as it came, its numbers too.
    expect(connectionOf(store).prepare('SELECT input FROM mirror_rejects').pluck().all()).toEqual([
      `{"id":"bad","amount":${BIG}}`,
    ]);
    // A record read back through the library carries the exact values: bigint and LosslessNumber.
    const record = store.readRecord('items', SNOWFLAKE);
    expect(record?.payload).toMatchObject({ amount: BigInt(BIG), id: BigInt(SNOWFLAKE) });
    expect(String((record?.payload as Record<string, unknown>).rate)).toBe(RATE);
  });
});
