import { lastValueFrom, toArray } from 'rxjs';
import { HttpSourceError } from '../../../src/errors/HttpSourceError.js';
import { SourceFailedError } from '../../../src/errors/SourceFailedError.js';
import { SourceProtocolError } from '../../../src/errors/SourceProtocolError.js';
import type { SourceEmission } from '../../../src/model/SourceEmission.js';
import { fromHttpSource } from '../../../src/sources/http/fromHttpSource.js';
import type { HttpSourceOptions } from '../../../src/sources/http/httpSyncSources.js';
import { IN_MEMORY, openStore } from '../../../src/store/openStore.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import { sendJson, useHttpServers, type TestServer } from '../../support/httpServer.js';
import { makeRecords } from '../../support/recordsApi.js';
import { httpConfig, recordingSleep } from '../../support/httpSourceTestKit.js';
import { sourceContext } from '../../support/sourceContext.js';

const PAGE = { data: makeRecords(2), meta: { next: null } };

const serve = useHttpServers();

const config = (s: TestServer, extra: Record<string, unknown> = {}, resource: Record<string, unknown> = {}) =>
  httpConfig({
    id: 'api',
    type: 'http',
    baseUrl: s.url,
    resources: [
      {
        name: 'items',
        url: '/items',
        items: 'data',
        id: 'id',
        occurredAt: 'updated_at',
        paging: { type: 'cursor', next: 'meta.next' },
        ...resource,
      },
    ],
    ...extra,
  });

/** Pulls a source until caught up; resolves with what it emitted. */
const pullAll = (s: TestServer, options: HttpSourceOptions, extra: Record<string, unknown> = {}) =>
  lastValueFrom(fromHttpSource(config(s, extra), options)(sourceContext()).pipe(toArray()));

const failureOf = async (promise: Promise<unknown>): Promise<HttpSourceError> => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HttpSourceError) return err;
    throw err;
  }
  throw new Error('expected the pull to fail');
};

const deltas = (emissions: SourceEmission[]) => emissions.filter((e) => !('kind' in e));

// random() = 0.5 makes the jitter deterministic: delay = ceiling * 3/4, ceiling = 500 ms doubling.
const JITTER = { random: () => 0.5 };

describe('HTTP source: retries, timeouts and malformed responses (real server)', () => {
  it('retries 500s with exponential backoff and jitter, then succeeds (requests counted, delays asserted)', async () => {
    const s = await serve((_req, res, n) =>
      n <= 3 ? sendJson(res, { error: 'boom' }, 500) : sendJson(res, PAGE),
    );
    const { sleep, delays } = recordingSleep();
    const emitted = await pullAll(s, { sleep, ...JITTER });
    expect(s.requests).toHaveLength(4);
    expect(delays).toEqual([375, 750, 1500]);
    expect(deltas(emitted)).toHaveLength(2);
  });

  it('the jitter draws each delay from the upper half of the doubling ceiling, capped by maxDelayMs', async () => {
    const s = await serve((_req, res) => sendJson(res, {}, 502));
    const draws = [0, 0.999, 0, 0.999, 0];
    const { sleep, delays } = recordingSleep();
    const err = await failureOf(
      pullAll(
        s,
        { sleep, random: () => draws.shift() ?? 0 },
        { retry: { limit: 5, baseDelayMs: 100, maxDelayMs: 600 } },
      ),
    );
    expect(delays).toEqual([50, 200, 200, 600, 300]);
    expect(err).toMatchObject({ kind: 'status', status: 502, attempts: 6, code: 'HTTP_SOURCE_FAILED' });
  });

  it('gives up after the retry limit with an HttpSourceError carrying url, status and attempts', async () => {
    const s = await serve((_req, res) => sendJson(res, { error: 'down for maintenance' }, 503));
    const { sleep, delays } = recordingSleep();
    const err = await failureOf(pullAll(s, { sleep, ...JITTER }, { retry: { limit: 2 } }));
    expect(s.requests).toHaveLength(3);
    expect(delays).toEqual([375, 750]);
    expect(err).toMatchObject({ kind: 'status', status: 503, attempts: 3, url: `${s.url}/items` });
    expect(err.message).toBe(
      `source "api" (items): GET ${s.url}/items: HTTP 503 Service Unavailable: {"error":"down for maintenance"} (after 3 attempts)`,
    );
  });

  it('does not retry other 4xx statuses', async () => {
    const s = await serve((_req, res) => sendJson(res, { error: 'no such thing' }, 404));
    const { sleep, delays } = recordingSleep();
    const err = await failureOf(pullAll(s, { sleep }));
    expect(s.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(err).toMatchObject({ kind: 'status', status: 404, attempts: 1 });
  });

  it('429 with Retry-After in seconds: waits exactly that long (no jitter), then succeeds', async () => {
    const s = await serve((_req, res, n) =>
      n === 1 ? sendJson(res, {}, 429, { 'retry-after': '7' }) : sendJson(res, PAGE),
    );
    const { sleep, delays } = recordingSleep();
    await pullAll(s, { sleep, ...JITTER });
    expect(delays).toEqual([7_000]);
    expect(s.requests).toHaveLength(2);
  });

  it('429 with Retry-After as an HTTP date: waits until then, by the injected clock', async () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    const s = await serve((_req, res, n) =>
      n === 1
        ? sendJson(res, {}, 429, { 'retry-after': 'Wed, 01 May 2024 10:00:12 GMT' })
        : sendJson(res, PAGE),
    );
    const { sleep, delays } = recordingSleep();
    await pullAll(s, { sleep, now: () => now, ...JITTER });
    expect(delays).toEqual([12_000]);
  });

  it('a Retry-After longer than maxRetryAfterMs fails the pull instead of waiting', async () => {
    const s = await serve((_req, res) => sendJson(res, {}, 429, { 'retry-after': '3600' }));
    const { sleep, delays } = recordingSleep();
    const err = await failureOf(pullAll(s, { sleep }, { retry: { maxRetryAfterMs: 60_000 } }));
    expect(delays).toEqual([]);
    expect(err.status).toBe(429);
    expect(err.message).toContain('Retry-After asks for 3600000 ms, more than maxRetryAfterMs (60000)');
  });

  it('a response slower than timeoutMs times out, is retried, then fails with kind "timeout"', async () => {
    const s = await serve(() => undefined); // never answers
    const { sleep, delays } = recordingSleep();
    const started = Date.now();
    const err = await failureOf(pullAll(s, { sleep, ...JITTER }, { timeoutMs: 150, retry: { limit: 1 } }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(s.requests).toHaveLength(2);
    expect(delays).toEqual([375]);
    expect(err).toMatchObject({ kind: 'timeout', status: undefined, attempts: 2 });
    expect(err.message).toContain('no complete response within 150 ms');
  });

  it('the timeout covers the body too: headers sent, body never finished', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
    });
    const err = await failureOf(pullAll(s, {}, { timeoutMs: 150, retry: { limit: 0 } }));
    expect(err).toMatchObject({ kind: 'timeout', attempts: 1 });
  });

  it('a connection reset is a network error: retried, and the next attempt succeeds', async () => {
    const s = await serve((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else sendJson(res, PAGE);
    });
    const { sleep, delays } = recordingSleep();
    const emitted = await pullAll(s, { sleep, ...JITTER });
    expect(s.requests).toHaveLength(2);
    expect(delays).toEqual([375]);
    expect(deltas(emitted)).toHaveLength(2);
  });

  it('a connection reset on every attempt fails with kind "network" and the cause', async () => {
    const s = await serve((req) => {
      req.socket.destroy();
    });
    const { sleep } = recordingSleep();
    const err = await failureOf(pullAll(s, { sleep }, { retry: { limit: 1 } }));
    expect(err).toMatchObject({ kind: 'network', status: undefined, attempts: 2 });
    expect(err.message).toMatch(/network error/);
    expect(err.cause).toBeDefined();
  });

  it('a body that is not JSON fails the pull at once (not retried), nothing of it emitted', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": [ {"id": "a"');
    });
    const { sleep, delays } = recordingSleep();
    const err = await failureOf(pullAll(s, { sleep }));
    expect(s.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(err).toMatchObject({ kind: 'body', status: 200, url: `${s.url}/items` });
    expect(err.message).toMatch(
      /^source "api" \(items\): GET http:\/\/127\.0\.0\.1:\d+\/items: the response body is not JSON/,
    );
  });

  it('a body without the configured item array is an envelope error naming the path', async () => {
    const s = await serve((_req, res) => sendJson(res, { data: { items: [] } }));
    const err = await failureOf(pullAll(s, {}));
    expect(err.kind).toBe('envelope');
    expect(err.message).toBe(
      `source "api" (items): GET ${s.url}/items: unexpected response shape: data: expected an array of items, got {"items":[]}`,
    );
  });

  it('a next token of the wrong type is an envelope error naming its path', async () => {
    const s = await serve((_req, res) => sendJson(res, { data: [], meta: { next: { page: 2 } } }));
    const err = await failureOf(pullAll(s, {}));
    expect(err.kind).toBe('envelope');
    expect(err.message).toContain(
      'meta.next: expected the next page token: a string, a number, or null on the last page, got {"page":2}',
    );
  });

  it('a server that repeats the same next token is a protocol error, not an endless loop', async () => {
    const s = await serve((_req, res) => sendJson(res, { data: makeRecords(1), meta: { next: 'same' } }));
    await expect(pullAll(s, {})).rejects.toBeInstanceOf(SourceProtocolError);
    expect(s.requests).toHaveLength(2);
  });

  it('refuses a Link rel="next" to another origin (the headers would go there)', async () => {
    const s = await serve((_req, res) =>
      sendJson(res, makeRecords(1), 200, { link: '<https://elsewhere.example/items?page=2>; rel="next"' }),
    );
    const err = await failureOf(
      lastValueFrom(
        fromHttpSource(config(s, {}, { items: undefined, paging: { type: 'link' } }))(sourceContext()).pipe(
          toArray(),
        ),
      ),
    );
    expect(err.kind).toBe('link');
    expect(err.message).toContain('leaves the origin');
  });

  it('in a mirror, a failing HTTP source fails the run with SourceFailedError; other sources still commit', async () => {
    const s = await serve((req, res) =>
      req.url?.startsWith('/bad') ? sendJson(res, {}, 500) : sendJson(res, PAGE),
    );
    const store = openStore({ path: IN_MEMORY });
    const good = config(s);
    const bad = httpConfig({
      ...good,
      id: 'bad',
      resources: [{ ...good.resources[0], url: '/bad' }],
      retry: { limit: 0 },
    });
    const run = createMirror({
      store,
      sources: {
        good: fromHttpSource(good),
        bad: fromHttpSource(bad),
      },
    }).run();
    await expect(run).rejects.toBeInstanceOf(SourceFailedError);
    const failure = await run.catch((err: SourceFailedError) => err.failures.get('bad'));
    expect(failure).toBeInstanceOf(HttpSourceError);
    expect(store.listRecords('items')).toHaveLength(2);
    store.close();
  });
});
