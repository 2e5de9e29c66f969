import * as t from 'io-ts';

const refined = <A>(name: string, is: (u: unknown) => u is A, expected: string): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(
    name,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c, expected)),
    t.identity,
  );

export const NonEmptyString = refined(
  'NonEmptyString',
  (u): u is string => typeof u === 'string' && u.length > 0,
  'expected a non-empty string',
);

export const PositiveInteger = refined(
  'PositiveInteger',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u > 0,
  'expected a positive integer',
);

export const NonNegativeInteger = refined(
  'NonNegativeInteger',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  'expected a non-negative integer',
);

/** A source's confidence: a number in [0, 1]. */
export const Confidence = refined(
  'Confidence',
  (u): u is number => typeof u === 'number' && u >= 0 && u <= 1,
  'expected a number between 0 and 1',
);

/** Where a value sits in a JSON document: field names joined by dots (`data.items`), no empty segment. */
export const DottedPath = refined(
  'DottedPath',
  (u): u is string => typeof u === 'string' && u.length > 0 && u.split('.').every((s) => s.length > 0),
  'expected a dotted path of field names, e.g. "data.items"',
);

/** An array with at least one element. */
export const nonEmptyArray = <C extends t.Mixed>(codec: C, name = `NonEmptyArray<${codec.name}>`) => {
  const array = t.array(codec);
  return new t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>(
    name,
    (u): u is t.TypeOf<C>[] => array.is(u) && u.length > 0,
    (u, c) =>
      Array.isArray(u) && u.length === 0
        ? t.failure(u, c, 'expected at least one entry')
        : // The empty key keeps this wrapper out of error paths; the array's own entries give `[i]`.
          array.validate(u, t.appendContext(c, '', array, u)),
    array.encode,
  );
};
