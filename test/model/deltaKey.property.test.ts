import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import { deltaKey } from '../../src/model/deltaKey.js';
import type { Delta } from '../../src/model/Delta.js';
import type { RecordId } from '../../src/model/RecordId.js';
import { sampleDelta as delta } from '../support/sampleDelta.js';

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

describe('deltaKey, for any fields and payload', () => {
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
});
