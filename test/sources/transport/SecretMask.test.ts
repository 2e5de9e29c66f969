import * as t from 'io-ts';
import { SecretMask } from '../../../src/sources/transport/SecretMask.js';

describe('SecretMask', () => {
  const mask = new SecretMask(['s3cr"t/é', 'abc', '']);

  it('hides each secret as it is, JSON-escaped and percent-encoded; an empty secret hides nothing', () => {
    expect(mask.text('raw s3cr"t/é')).toBe('raw [redacted]');
    expect(mask.text(JSON.stringify({ echo: 's3cr"t/é' }))).toBe('{"echo":"[redacted]"}');
    expect(mask.text(`?t=${encodeURIComponent('s3cr"t/é')}`)).toBe('?t=[redacted]');
    expect(mask.text('nothing to hide')).toBe('nothing to hide');
  });

  it('hides a longer secret whole when a shorter one is inside it', () => {
    expect(new SecretMask(['abc', 'xxabcxx']).text('1 xxabcxx 2 abc')).toBe('1 [redacted] 2 [redacted]');
  });

  it('masks the strings and keys of a JSON value, keeping every digit of its numbers, and leaves a clean value as it is', () => {
    const clean = { n: 12345678901234567890n, list: [1, 'x'] };
    expect(mask.value(clean)).toBe(clean);
    expect(mask.value({ abc: ['abc', 12345678901234567890n] })).toEqual({
      '[redacted]': ['[redacted]', 12345678901234567890n],
    });
    expect(mask.value('an abc')).toBe('an [redacted]');
    expect(mask.value(undefined)).toBeUndefined();
  });

  it('words decode issues as describeValidationErrors does, with the values they show masked before they are cut', () => {
    const long = `${'y'.repeat(55)}abc${'z'.repeat(20)}`;
    const result = t.type({ n: t.number }).decode({ n: long });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(mask.issues(result.left, 'data')).toEqual([
      { path: 'data.n', reason: `expected number, got "${'y'.repeat(55)}[red…` },
    ]);
  });
});
