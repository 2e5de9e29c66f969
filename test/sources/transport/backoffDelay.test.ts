import { backoffDelay } from '../../../src/sources/transport/backoffDelay.js';

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
