import { causeMessage } from '../../../src/errors/describeCause.js';
import { HttpSourceError } from '../../../src/errors/HttpSourceError.js';
import {
  createHttpTransport,
  type HttpTransportOptions,
} from '../../../src/sources/transport/createHttpTransport.js';
import type { HttpRequestContext, HttpResponseTiming } from '../../../src/sources/transport/HttpTransport.js';
import { sendJson, useHttpServers } from '../../support/httpServer.js';
import { capturedLogger, recordingSleep } from '../../support/httpSourceTestKit.js';

const TOKEN = 'Wq8Rz3Kp5Xn7Jd2';

const serve = useHttpServers();

/** A transport with the HTTP source's policy and a recording sleep; `extra` overrides. */
const transportFor = (extra: Partial<HttpTransportOptions> = {}) => {
  const { sleep, delays } = recordingSleep();
  const transport = createHttpTransport({
    headers: { headers: { Authorization: `Bearer ${TOKEN}`, 'X-Team': 'pets' }, secrets: [TOKEN] },
    timeoutMs: 2_000,
    retry: {
      limit: 3,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      maxRetryAfterMs: 10_000,
      longerRetryAfter: 'fail',
    },
    random: () => 0.5, // each backoff is 3/4 of its ceiling: 75, 150, 300…
    sleep,
    ...extra,
  });
  return { transport, delays };
};

const context = (extra: Partial<HttpRequestContext> = {}): HttpRequestContext => ({
  source: 'api',
  resource: 'items',
  signal: new AbortController().signal,
  logger: undefined,
  ...extra,
});

const failureOf = async (promise: Promise<unknown>): Promise<HttpSourceError> => {
  const outcome = await promise.then(
    () => new Error('expected the request to fail'),
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(HttpSourceError);
  return outcome as HttpSourceError;
};

describe('createHttpTransport against a real server', () => {
  it('sends the headers and accept: application/json, and hands back the whole 2xx body', async () => {
    const s = await serve((_req, res) => sendJson(res, { data: [1, 2] }));
    const timings: HttpResponseTiming[] = [];
    const { transport } = transportFor({ onResponse: (t) => timings.push(t) });
    const response = await transport.getText(`${s.url}/items`, context());
    expect(response).toMatchObject({
      url: `${s.url}/items`,
      status: 200,
      text: '{"data":[1,2]}',
      attempts: 1,
    });
    expect(s.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'x-team': 'pets',
      accept: 'application/json',
    });
    expect(timings).toEqual([
      { url: `${s.url}/items`, status: 200, attempts: 1, elapsedMs: expect.any(Number) },
    ]);
  });

  it.each([408, 429, 500, 502, 503, 504])(
    'retries %i with exponential backoff, then succeeds (requests counted, delays recorded)',
    async (status) => {
      const s = await serve((_req, res, n) => (n <= 3 ? sendJson(res, {}, status) : sendJson(res, [])));
      const { transport, delays } = transportFor();
      const response = await transport.getText(`${s.url}/items`, context());
      expect(s.requests).toHaveLength(4);
      expect(delays).toEqual([75, 150, 300]);
      expect(response.attempts).toBe(4);
    },
  );

  it('gives up after `limit` retries with an HttpSourceError counting the attempts', async () => {
    const s = await serve((_req, res) => sendJson(res, { error: 'down' }, 500));
    const { transport, delays } = transportFor();
    const err = await failureOf(transport.getText(`${s.url}/items`, context()));
    expect(s.requests).toHaveLength(4);
    expect(delays).toEqual([75, 150, 300]);
    expect(err).toMatchObject({ kind: 'status', status: 500, attempts: 4, code: 'HTTP_SOURCE_FAILED' });
    expect(err.message).toBe(
      `source "api" (items): GET ${s.url}/items: HTTP 500 Internal Server Error: {"error":"down"} (after 4 attempts)`,
    );
  });

  it.each([400, 401, 403, 404, 413, 422])('does not retry %i', async (status) => {
    const s = await serve((_req, res) => sendJson(res, {}, status));
    const { transport, delays } = transportFor();
    const err = await failureOf(transport.getText(`${s.url}/items`, context()));
    expect(s.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(err).toMatchObject({ kind: 'status', status, attempts: 1 });
  });

  it('a `delayMs` of its own replaces the backoff (the CouchDB source takes one)', async () => {
    const s = await serve((_req, res, n) => (n <= 2 ? sendJson(res, {}, 503) : sendJson(res, [])));
    const asked: number[] = [];
    const { transport, delays } = transportFor({ delayMs: (n) => (asked.push(n), n * 7) });
    await transport.getText(`${s.url}/items`, context());
    expect(asked).toEqual([1, 2]);
    expect(delays).toEqual([7, 14]);
  });

  describe('Retry-After (429 and 503)', () => {
    it('in seconds, or as an HTTP date by the injected clock, is waited exactly instead of the backoff', async () => {
      const s = await serve((_req, res, n) =>
        n === 1
          ? sendJson(res, {}, 429, { 'retry-after': '3' })
          : n === 2
            ? sendJson(res, {}, 503, { 'retry-after': 'Wed, 01 May 2024 10:00:08 GMT' })
            : sendJson(res, []),
      );
      const { transport, delays } = transportFor({ now: () => Date.parse('2024-05-01T10:00:00Z') });
      await transport.getText(`${s.url}/items`, context());
      expect(delays).toEqual([3_000, 8_000]);
    });

    it('is not honoured on other statuses: a 500 backs off as usual', async () => {
      const s = await serve((_req, res, n) =>
        n === 1 ? sendJson(res, {}, 500, { 'retry-after': '3' }) : sendJson(res, []),
      );
      const { transport, delays } = transportFor();
      await transport.getText(`${s.url}/items`, context());
      expect(delays).toEqual([75]);
    });

    it('longer than maxRetryAfterMs fails at once with `longerRetryAfter: fail` (the HTTP source)', async () => {
      const s = await serve((_req, res) => sendJson(res, {}, 429, { 'retry-after': '60' }));
      const { transport, delays } = transportFor();
      const err = await failureOf(transport.getText(`${s.url}/items`, context()));
      expect(s.requests).toHaveLength(1);
      expect(delays).toEqual([]);
      expect(err).toMatchObject({ kind: 'status', status: 429, attempts: 1 });
      expect(err.message).toBe(
        `source "api" (items): GET ${s.url}/items: HTTP 429 Too Many Requests: {}; Retry-After asks for 60000 ms, more than maxRetryAfterMs (10000)`,
      );
    });

    it('longer than maxRetryAfterMs waits maxRetryAfterMs with `longerRetryAfter: cap` (the CouchDB source)', async () => {
      const s = await serve((_req, res, n) =>
        n === 1 ? sendJson(res, {}, 503, { 'retry-after': '60' }) : sendJson(res, []),
      );
      const { transport, delays } = transportFor({
        retry: {
          limit: 3,
          baseDelayMs: 100,
          maxDelayMs: 1_000,
          maxRetryAfterMs: 10_000,
          longerRetryAfter: 'cap',
        },
      });
      await transport.getText(`${s.url}/items`, context());
      expect(s.requests).toHaveLength(2);
      expect(delays).toEqual([10_000]);
    });
  });

  describe('the timeout of an attempt', () => {
    it('covers a server that never answers: retried, then a failure of kind "timeout"', async () => {
      const s = await serve(() => undefined);
      const { transport, delays } = transportFor({ timeoutMs: 100 });
      const err = await failureOf(
        transport.getText(`${s.url}/items`, context()).finally(() => expect(s.requests).toHaveLength(4)),
      );
      expect(delays).toEqual([75, 150, 300]);
      expect(err).toMatchObject({ kind: 'timeout', status: undefined, attempts: 4 });
      expect(err.message).toContain('no complete response within 100 ms (after 4 attempts)');
    });

    it('covers the whole body: headers sent and half a body, then silence, is a timeout, and retried', async () => {
      const s = await serve((_req, res, n) => {
        if (n === 2) return sendJson(res, { data: [] });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":[');
      });
      const { transport, delays } = transportFor({ timeoutMs: 150 });
      const response = await transport.getText(`${s.url}/items`, context());
      expect(response).toMatchObject({ text: '{"data":[]}', attempts: 2 });
      expect(delays).toEqual([75]);
    });
  });

  it('a connection reset is a network error: retried, and the last one failing carries its cause', async () => {
    const s = await serve((req) => {
      req.socket.destroy();
    });
    const { transport } = transportFor({
      retry: {
        limit: 1,
        baseDelayMs: 100,
        maxDelayMs: 1_000,
        maxRetryAfterMs: 10_000,
        longerRetryAfter: 'fail',
      },
    });
    const err = await failureOf(transport.getText(`${s.url}/items`, context()));
    expect(s.requests).toHaveLength(2);
    expect(err).toMatchObject({ kind: 'network', status: undefined, attempts: 2 });
    expect(err.message).toMatch(/network error \(fetch failed/);
    expect(causeMessage(err.cause)).toBe('fetch failed');
  });

  it('logs each retry once, in one vocabulary: url, kind, status, attempt, delayMs and the masked reason', async () => {
    const s = await serve((req, res, n) => {
      if (n === 1) return sendJson(res, { error: `bad ${req.headers.authorization}` }, 503);
      if (n === 2) return void req.socket.destroy();
      sendJson(res, []);
    });
    const { logger, text } = capturedLogger();
    const { transport } = transportFor();
    await transport.getText(`${s.url}/items`, context({ logger }));
    const lines = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      lines.map(({ url, kind, status, attempt, delayMs, reason, msg }) => ({
        url,
        kind,
        status,
        attempt,
        delayMs,
        reason,
        msg,
      })),
    ).toEqual([
      {
        msg: 'request failed; retrying',
        url: `${s.url}/items`,
        kind: 'status',
        status: 503,
        attempt: 1,
        delayMs: 75,
        reason: 'HTTP 503 Service Unavailable: {"error":"bad Bearer [redacted]"}',
      },
      {
        msg: 'request failed; retrying',
        url: `${s.url}/items`,
        kind: 'network',
        status: undefined,
        attempt: 2,
        delayMs: 150,
        reason: expect.stringMatching(/^network error \(fetch failed/),
      },
    ]);
    expect(text()).not.toContain(TOKEN);
  });

  it('holds at most maxConcurrency requests in flight per host; a backoff holds no slot', async () => {
    const s = await serve(async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (req.url === '/busy') return sendJson(res, {}, 503);
      sendJson(res, []);
    });
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const { transport } = transportFor({ maxConcurrency: 2, sleep: () => blocked });
    const busy = transport.getText(`${s.url}/busy`, context()); // backs off until released
    const others = Array.from({ length: 6 }, (_, i) => transport.getText(`${s.url}/items?i=${i}`, context()));
    await Promise.all(others); // would wait forever if the backoff held its slot
    expect(s.inFlight.max).toBe(2);
    release();
    await expect(busy).rejects.toBeInstanceOf(HttpSourceError);
  });

  it('an abort during a backoff ends the request with the abort, not an HttpSourceError, and nothing more is sent', async () => {
    const s = await serve((_req, res) => sendJson(res, {}, 503));
    const controller = new AbortController();
    const { transport } = transportFor({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
          controller.abort(new Error('stopped'));
        }),
    });
    await expect(transport.getText(`${s.url}/items`, context({ signal: controller.signal }))).rejects.toThrow(
      'stopped',
    );
    expect(s.requests).toHaveLength(1);
  });

  describe('getJson', () => {
    it('parses the body, every digit of its numbers kept', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":12345678901234567890}');
      });
      const { transport } = transportFor();
      expect((await transport.getJson(`${s.url}/items`, context())).body).toEqual({
        id: 12345678901234567890n,
      });
    });

    it('a body that is not JSON is a failure of kind "body", not retried, its quote of the text masked', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"data": [${TOKEN}]}`);
      });
      const { transport, delays } = transportFor();
      const err = await failureOf(transport.getJson(`${s.url}/items`, context()));
      expect(s.requests).toHaveLength(1);
      expect(delays).toEqual([]);
      expect(err).toMatchObject({ kind: 'body', status: 200, attempts: 1 });
      expect(err.message).toMatch(/: the response body is not JSON \(.*\[redacted\].*\)$/);
      expect(err.message).not.toContain(TOKEN.slice(0, 3));
    });
  });

  describe('secrets', () => {
    it('an error body is masked before it is cut to 200 characters', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end(`${'x'.repeat(195)}${TOKEN} and more`);
      });
      const { transport } = transportFor();
      const err = await failureOf(transport.getText(`${s.url}/items`, context()));
      expect(err.message).toBe(
        `source "api" (items): GET ${s.url}/items: HTTP 401 Unauthorized: ${'x'.repeat(195)}[reda…`,
      );
    });

    it('responseError masks its reason and the URL (a server may put a secret in a next link)', async () => {
      const s = await serve((_req, res) => sendJson(res, []));
      const { transport } = transportFor();
      const response = await transport.getText(`${s.url}/items?t=${TOKEN}`, context());
      const err = transport.responseError(response, context(), 'link', `next is ${TOKEN}`);
      expect(err).toMatchObject({ kind: 'link', url: `${s.url}/items?t=[redacted]`, status: 200 });
      expect(err.message).toBe(`source "api" (items): GET ${s.url}/items?t=[redacted]: next is [redacted]`);
    });

    it('the mask hides decode issues: what a `got …` excerpt would show of a value is masked first', () => {
      const { transport } = transportFor();
      expect(transport.mask.value({ note: `${'y'.repeat(50)}${TOKEN}` })).toEqual({
        note: `${'y'.repeat(50)}[redacted]`,
      });
      expect(transport.mask.text(`a ${JSON.stringify(`"${TOKEN}"`)} b`)).not.toContain(TOKEN);
    });
  });
});
