import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { lastValueFrom, toArray } from 'rxjs';
import { causeMessage } from '../../../src/errors/describeCause.js';
import { HttpSourceError } from '../../../src/errors/HttpSourceError.js';
import { couchChangesSource } from '../../../src/sources/couchdb/couchChangesSource.js';
import { fromSyncSource } from '../../../src/sources/fromSyncSource.js';
import { fromHttpSource } from '../../../src/sources/http/fromHttpSource.js';
import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { sendJson, startHttpServer, type TestServer } from '../../support/httpServer.js';
import { startPouchdbServer, type PouchdbServer } from '../../support/pouchdbServer.js';
import { capturedLogger, httpConfig } from '../../support/httpSourceTestKit.js';

/** 38 characters, as in the issue; every 3 of them in a row mix letters and digits, so none occurs by chance. */
const SECRET = 'Zq9XvK2wJ7pL4mN8rT6yH3bG5dF1cW0sE2uA7k';
const ENV = { API_TOKEN: SECRET };
const HEADERS = { Authorization: { env: 'API_TOKEN', prefix: 'Bearer ' } };
const PART = 3;

/** The pieces of the secret, `PART` characters or more, that `text` shows. */
const leakedParts = (text: string): string[] => {
  const parts: string[] = [];
  for (let i = 0; i + PART <= SECRET.length; i++) {
    const part = SECRET.slice(i, i + PART);
    if (text.includes(part)) parts.push(part);
  }
  return parts;
};

/** Everything a failure puts in front of a person: message, fields, stack and causes, as logged by pino. */
const shown = (err: unknown, logs: () => string, logger: Logger): string => {
  logger.error({ err }, 'source failed'); // as the mirror logs a failed source (pino's err serializer)
  const causes: string[] = [];
  for (let c: unknown = err; c !== undefined && c !== null; c = (c as { cause?: unknown }).cause) {
    causes.push(causeMessage(c));
  }
  return [JSON.stringify(err), (err as Error).stack ?? '', ...causes, logs()].join('\n');
};

let server: TestServer;
/** How the echoing server answers the request at hand; each test sets it. */
let answer: (res: ServerResponse, authorization: string) => void = (res) => sendJson(res, {});

beforeAll(async () => {
  server = await startHttpServer((req, res) => answer(res, req.headers.authorization ?? ''));
});
afterAll(() => server.close());

/** One pull of each source against the echoing server, with one retry; resolves with its failure. */
const SOURCES = {
  http: async (logger: Logger): Promise<unknown> => {
    const config = httpConfig({
      id: 'api',
      type: 'http',
      baseUrl: server.url,
      headers: HEADERS,
      retry: { limit: 1 },
      resources: [{ name: 'items', url: '/items', items: 'data', id: 'id', occurredAt: 'updated_at' }],
    });
    const source = fromHttpSource(config, { env: ENV, sleep: () => Promise.resolve() });
    return lastValueFrom(source({ id: 'api', readCursor: () => undefined, logger }).pipe(toArray())).then(
      () => new Error('expected the pull to fail'),
      (err: unknown) => err,
    );
  },
  couchdb: async (logger: Logger): Promise<unknown> => {
    const source = couchChangesSource(
      { type: 'couchdb', id: 'couch', url: `${server.url}/pets`, resource: 'pets', headers: HEADERS },
      { env: ENV, retryLimit: 1, retryDelayMs: () => 1 },
    );
    return source.pull(undefined, { signal: new AbortController().signal, logger }).then(
      () => new Error('expected the pull to fail'),
      (err: unknown) => err,
    );
  },
};

/** What a careless server echoes: the whole header value, or the bare token. */
const ECHOES = {
  'the header value': (authorization: string) => authorization,
  'the bare token': (authorization: string) => authorization.replace(/^Bearer /, ''),
};

/** Every offset of the echo in the body, across the 200 characters an error keeps of it. */
const OFFSETS = Array.from({ length: 241 }, (_, k) => k);

/** Bodies that fail a pull, each echoing at `pad` characters in. */
const FAILURES = {
  'a 503 (retried, then failed) with a text body': (res: ServerResponse, echo: string, pad: string) => {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end(`${pad}${echo} was refused; try again later`);
  },
  'a 401 with a JSON error body': (res: ServerResponse, echo: string, pad: string) =>
    sendJson(res, { error: 'unauthorized', reason: `${pad}${echo} is not valid here` }, 401),
  'a 200 whose body is not JSON': (res: ServerResponse, echo: string, pad: string) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"data": [${pad.replace(/x/g, ' ')}${echo}]}`); // the parser's message quotes the text around its error
  },
  'a 200 whose JSON is not the expected shape': (res: ServerResponse, echo: string, pad: string) =>
    sendJson(res, { data: { note: `${pad}${echo}` }, results: { note: `${pad}${echo}` }, last_seq: 1 }),
};

describe.each(Object.entries(SOURCES))('%s source: a secret never shows, even in part', (_name, pull) => {
  describe.each(Object.entries(FAILURES))('when a server echoes it in %s', (_failure, respond) => {
    it.each(Object.entries(ECHOES))(
      '%s, at every offset: not in the error, its causes nor the logs',
      async (_e, echo) => {
        const leaks: string[] = [];
        for (const offset of OFFSETS) {
          answer = (res, authorization) => respond(res, echo(authorization), 'x'.repeat(offset));
          const { logger, text } = capturedLogger();
          const err = await pull(logger);
          expect(err).toBeInstanceOf(HttpSourceError);
          const parts = leakedParts(shown(err, text, logger));
          if (parts.length > 0) leaks.push(`offset ${offset}: ${parts.join(' ')}`);
        }
        expect(leaks).toEqual([]);
      },
    );
  });
});

describe('the CouchDB source behind a proxy that echoes the token before passing on to the real pouchdb-server', () => {
  let pouch: PouchdbServer;
  beforeAll(async () => {
    pouch = await startPouchdbServer();
  }, 60_000);
  afterAll(() => pouch.stop());

  it('syncs through, and its retry logs show no part of the token', async () => {
    const db = await pouch.createDatabase('echoed');
    await fetch(`${db}/p1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rex' }),
    });
    const proxy = await startHttpServer(async (req, res, n) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (n <= 2) return sendJson(res, { error: 'unavailable', reason: `${'x'.repeat(180)} ${token}` }, 503);
      const upstream = await fetch(`${pouch.url}${req.url ?? '/'}`);
      sendJson(res, await upstream.json(), upstream.status);
    });
    const { logger, text } = capturedLogger();
    const store = openStore({ path: IN_MEMORY });
    const source = couchChangesSource(
      { type: 'couchdb', id: 'couch', url: `${proxy.url}/echoed`, resource: 'pets', headers: HEADERS },
      { env: ENV, retryDelayMs: () => 1 },
    );
    const report = await createMirror({ store, logger, sources: { couch: fromSyncSource(source) } }).run();
    expect(report.total.applied).toBe(1);
    expect(proxy.requests).toHaveLength(3);
    expect(proxy.requests.every((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
    expect(text()).toContain('"status":503'); // the retries were logged…
    expect(leakedParts(text())).toEqual([]); // …without the token
    store.close();
    await proxy.close();
  });
});
