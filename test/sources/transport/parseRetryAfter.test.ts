import { parseRetryAfter } from '../../../src/sources/transport/parseRetryAfter.js';

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
