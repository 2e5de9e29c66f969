import { InvalidOptionsError } from '../../../src/errors/InvalidOptionsError.js';
import { fromHttpSource } from '../../../src/sources/http/fromHttpSource.js';
import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { sendJson, startHttpServer, type TestServer } from '../../support/httpServer.js';
import { makeRecords } from '../../support/recordsApi.js';
import { capturedLogger, httpConfig, recordingSleep } from '../../support/httpSourceTestKit.js';

const TOKEN = 's3cr3t-T0KEN-value-1234';

let server: TestServer | undefined;
afterEach(() => server?.close());

const config = (s: TestServer) =>
  httpConfig({
    id: 'crm',
    type: 'http',
    baseUrl: s.url,
    headers: {
      Authorization: { env: 'CRM_TOKEN', prefix: 'Bearer ' },
      'X-Api-Key': { env: 'CRM_KEY' },
      'X-Client': 'oxide-mirror',
    },
    resources: [
      { name: 'contacts', url: '/contacts', items: 'data', id: 'id', occurredAt: 'updated_at' },
      { name: 'deals', url: '/deals', items: 'data', id: 'id', occurredAt: 'updated_at' },
    ],
    retry: { limit: 2 },
  });

describe('HTTP source: headers from the environment', () => {
  it('are sent on every request, and never appear in the logs, even when a server echoes them in an error', async () => {
    server = await startHttpServer((req, res, n) => {
      const echo = { error: 'unauthorized?', got: req.headers.authorization, key: req.headers['x-api-key'] };
      if (req.url === '/deals') return sendJson(res, echo, 401); // fails the source, logged with the error
      return n <= 2 ? sendJson(res, echo, 500) : sendJson(res, { data: makeRecords(2) });
    });
    const { logger, text } = capturedLogger();
    const store = openStore({ path: IN_MEMORY });
    const { sleep } = recordingSleep();
    const run = createMirror({
      store,
      logger,
      sources: {
        crm: fromHttpSource(config(server), {
          env: { CRM_TOKEN: TOKEN, CRM_KEY: 'key-material-5678' },
          sleep,
        }),
      },
    }).run();
    await expect(run).rejects.toThrow(/HTTP 401 Unauthorized/);
    await run.catch((err: Error) => {
      expect(err.message).not.toContain(TOKEN);
      expect(err.message).toContain('[redacted]');
    });
    store.close();

    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers['x-api-key']).toBe('key-material-5678');
      expect(request.headers['x-client']).toBe('oxide-mirror');
    }
    const logs = text();
    expect(logs).toContain('request failed; retrying'); // the retries were logged…
    expect(logs).toContain('source failed'); // …and so was the failure, with its error
    expect(logs).not.toContain(TOKEN); // …but never the secrets
    expect(logs).not.toContain('key-material-5678');
  });

  it('a missing environment variable fails at once, naming the variable and not any value', () => {
    const s = { url: 'http://127.0.0.1:9' } as TestServer;
    const create = () => fromHttpSource(config(s), { env: { CRM_TOKEN: TOKEN } });
    expect(create).toThrow(InvalidOptionsError);
    expect(create).toThrow(
      'source "crm" headers.X-Api-Key: environment variable CRM_KEY is not set (the header\'s value is read from it)',
    );
  });
});
