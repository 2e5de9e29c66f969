import { LosslessNumber } from 'lossless-json';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import { deltaKey } from '../../src/model/deltaKey.js';
import type { Delta } from '../../src/model/Delta.js';
import { sampleDelta as delta } from '../support/sampleDelta.js';

describe('deltaKey', () => {
  it('is the 128-bit SHA-256 prefix, base64url, of the fields, a newline and the canonical payload (stored keys never change)', () => {
    // Computed with the first implementation (three hash updates); every stored key depends on it.
    expect(deltaKey(delta, canonicalJson(delta.payload))).toBe('TqLUMqJvQNemvAOQO5voCA');
  });

  it('does not depend on the payload’s key order', () => {
    const a = { ...delta, payload: { x: 1, y: { b: 2, a: 1 } } };
    const b = { ...delta, payload: { y: { a: 1, b: 2 }, x: 1 } };
    expect(deltaKey(a, canonicalJson(a.payload))).toBe(deltaKey(b, canonicalJson(b.payload)));
  });

  it('is 22 characters of base64url', () => {
    expect(deltaKey(delta, canonicalJson(delta.payload))).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('deltaKey of payloads with numbers a double does not keep', () => {
  const keyOf = (payload: Delta['payload']): string =>
    deltaKey({ ...delta, payload }, canonicalJson(payload));

  it('is the same for 5, 5n and a LosslessNumber of 5.0: one value, one key', () => {
    expect(keyOf({ n: 5n })).toBe(keyOf({ n: 5 }));
    expect(keyOf({ n: new LosslessNumber('5.0') })).toBe(keyOf({ n: 5 }));
    expect(keyOf({ n: new LosslessNumber('1E400') })).toBe(keyOf({ n: new LosslessNumber('10e399') }));
  });

  it('tells apart numbers a double would confuse', () => {
    expect(keyOf({ n: 9007199254740993n })).not.toBe(keyOf({ n: 9007199254740992 }));
    expect(keyOf({ n: new LosslessNumber('0.10000000000000001') })).not.toBe(keyOf({ n: 0.1 }));
  });
});
