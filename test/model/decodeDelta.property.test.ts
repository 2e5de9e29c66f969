import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { decodeDeltaLine } from '../../src/model/decodeDelta.js';
import { Delta, isDeltaValue } from '../../src/model/Delta.js';

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

describe('isDeltaValue, for any value', () => {
  it('answers what Delta.is answers', () => {
    // Each field mostly valid, else a near miss, else anything at all (or missing, with requiredKeys []).
    const field = <T, U>(valid: fc.Arbitrary<T>, nearMiss: fc.Arbitrary<U>) =>
      fc.oneof(
        { arbitrary: valid, weight: 12 },
        { arbitrary: nearMiss, weight: 1 },
        { arbitrary: fc.anything(), weight: 1 },
      );
    const deltaLike = fc.record(
      {
        resource: field(fc.constant('pets'), fc.constantFrom('a\u0001b', '')),
        record_id: field(fc.constant('1'), fc.constantFrom('', '\ud800')),
        op: field(fc.constantFrom('upsert', 'delete'), fc.constant('replace')),
        payload: field(fc.jsonValue(), fc.constantFrom(Number.NaN, [undefined], { a: () => 1 })),
        occurred_at: field(
          fc.constant('2024-05-01T12:00:00.000000000Z'),
          fc.constantFrom('2024-05-01T12:00:00Z', '2024-02-30T00:00:00.000000000Z'),
        ),
        provenance: field(
          fc.record({
            source: field(fc.constant('crm'), fc.constant('')),
            confidence: field(
              fc.double({ noNaN: true, noDefaultInfinity: true }),
              fc.constantFrom(Number.NaN, Infinity),
            ),
          }),
          fc.constantFrom(null, [], { source: 'crm' }),
        ),
      },
      { requiredKeys: ['resource', 'record_id', 'op', 'occurred_at'] },
    );
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(deltaLike, fc.anything()), (u) => {
        const expected = Delta.is(u);
        if (expected) valid++;
        expect(isDeltaValue(u)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    expect(valid).toBeGreaterThan(1_000); // both answers are well represented
  });
});
