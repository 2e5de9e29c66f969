import { HostLimiter } from '../../../src/sources/transport/HostLimiter.js';

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
