import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { LosslessNumber } from 'lossless-json';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import { deltaKey } from '../../src/model/deltaKey.js';
import type { Delta } from '../../src/model/Delta.js';
import type { RecordId } from '../../src/model/RecordId.js';
import type { Timestamp } from '../../src/model/Timestamp.js';

const delta: Delta = {
  resource: 'pets',
  record_id: '1' as RecordId,
  op: 'upsert',
  payload: { a: 'ünïcødé ✓ 😀' },
  occurred_at: '2024-01-01T00:00:00.000000000Z' as Timestamp,
  provenance: { source: 'crm', confidence: 0.7 },
};

/** The definition, as first written: three hash updates, the first 16 bytes of the digest, base64url. */
const reference = (d: Delta, payloadJson: string): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        d.resource,
        d.record_id,
        d.op,
        d.occurred_at,
        d.provenance.source,
        d.provenance.confidence,
      ]),
    )
    .update('\n')
    .update(payloadJson)
    .digest()
    .subarray(0, 16)
    .toString('base64url');

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

  it('equals the reference definition for any fields and payload', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'binary', minLength: 1 }),
        fc.constantFrom<Delta['op']>('upsert', 'delete'),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.jsonValue(),
        (resource, recordId, op, confidence, payload) => {
          const d = {
            ...delta,
            resource,
            record_id: recordId as RecordId,
            op,
            payload,
            provenance: { source: resource, confidence },
          } as Delta;
          const json = canonicalJson(d.payload);
          expect(deltaKey(d, json)).toBe(reference(d, json));
        },
      ),
      { numRuns: 2_000 },
    );
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
