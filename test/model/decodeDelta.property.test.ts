import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { decodeDeltaLine } from '../../src/model/decodeDelta.js';
import { Delta } from '../../src/model/Delta.js';

describe('decodeDelta, for any valid delta', () => {
  it('accepts whatever a generator of valid deltas produces, and round-trips it', () => {
    const deltaJson = fc.record({
      resource: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
      record_id: fc.string({ minLength: 1, maxLength: 40 }),
      op: fc.constant('upsert' as const),
      payload: fc.dictionary(fc.string(), fc.jsonValue()),
      occurred_at: fc
        .date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      provenance: fc.record({
        source: fc.constantFrom('a', 'crm'),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    });
    fc.assert(
      fc.property(deltaJson, (json) => {
        const r = decodeDeltaLine(JSON.stringify(json), 'gen');
        expect(E.isRight(r)).toBe(true);
        if (E.isRight(r))
          expect(Delta.encode(r.right).occurred_at.slice(0, 23)).toBe(json.occurred_at.slice(0, 23));
      }),
    );
  });
});
