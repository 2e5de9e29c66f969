import { SourceProtocolError } from '../../../src/errors/SourceProtocolError.js';
import { backoffDelay } from '../../../src/sources/http/backoffDelay.js';
import { HostLimiter } from '../../../src/sources/http/HostLimiter.js';
import { decodeHttpCursor, encodeHttpCursor } from '../../../src/sources/http/HttpCursor.js';
import { nextLink } from '../../../src/sources/http/parseLinkHeader.js';
import { parseRetryAfter } from '../../../src/sources/http/parseRetryAfter.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  it('reads delay-seconds and HTTP dates; a past date is 0; junk or absence is undefined', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per retry up to maxDelayMs and draws from its upper half', () => {
    const options = { baseDelayMs: 500, maxDelayMs: 4_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 0))).toEqual([
      250, 500, 1000, 2000, 2000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 0.999999))).toEqual([
      500, 1000, 2000, 4000, 4000,
    ]);
  });
});

describe('nextLink', () => {
  it('finds rel="next" among several links, resolved against the request URL', () => {
    expect(
      nextLink(
        '<https://a.example/x?page=1>; rel="first", </items?page=3>; rel="next"',
        'https://a.example/items',
      ),
    ).toBe('https://a.example/items?page=3');
    expect(nextLink('<https://a.example/x?a=1,2>; title="t"; rel="prev next"', 'https://a.example/')).toBe(
      'https://a.example/x?a=1,2',
    );
    expect(nextLink('<https://a.example/x>; rel=next', 'https://a.example/')).toBe('https://a.example/x');
    expect(nextLink('<https://a.example/x>; rel="last"', 'https://a.example/')).toBeUndefined();
    expect(nextLink(null, 'https://a.example/')).toBeUndefined();
  });
});

describe('HttpCursor', () => {
  it('encodes with a fixed key order, leaving absent fields out, and decodes back', () => {
    const text = encodeHttpCursor({ next: 3, since: '2024-05-01T10:00:00Z' });
    expect(text).toBe('{"since":"2024-05-01T10:00:00Z","next":3}');
    expect(decodeHttpCursor(text, 'api', 'items')).toEqual({ since: '2024-05-01T10:00:00Z', next: 3 });
    expect(decodeHttpCursor(undefined, 'api', 'items')).toEqual({});
  });

  it('refuses a stored cursor of another shape with a protocol error that says how to recover', () => {
    expect(() => decodeHttpCursor('42', 'api', 'items')).toThrow(SourceProtocolError);
    expect(() => decodeHttpCursor('{"since":5}', 'api', 'items')).toThrow(
      'source "api" (items) at cursor {"since":5}: the stored cursor is not an HTTP source cursor (since: expected string, got 5); reset it to pull from the start',
    );
    expect(() => decodeHttpCursor('nope', 'api', 'items')).toThrow('(not JSON)');
  });
});

describe('HostLimiter', () => {
  it('lets `max` through per host, queues the rest in order, and frees slots on release', async () => {
    const limiter = new HostLimiter(2);
    const signal = new AbortController().signal;
    const a = await limiter.acquire('h', signal);
    await limiter.acquire('h', signal);
    await limiter.acquire('other', signal);
    const order: string[] = [];
    const c = limiter.acquire('h', signal).then((release) => (order.push('c'), release));
    const d = limiter.acquire('h', signal).then((release) => (order.push('d'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot changes nothing
    (await c)();
    await d;
    expect(order).toEqual(['c', 'd']);
    expect(limiter.inFlight('h')).toBe(2);
  });

  it('a waiter whose signal aborts leaves the queue', async () => {
    const limiter = new HostLimiter(1);
    const release = await limiter.acquire('h', new AbortController().signal);
    const controller = new AbortController();
    const waiting = limiter.acquire('h', controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    release();
    expect(limiter.inFlight('h')).toBe(0);
  });
});
