import * as t from 'io-ts';

/**
 * Codec for one of a fixed list of strings, failing with `expected one of "a" | "b", got "c"`
 * (io-ts' `keyof` would name the type instead of saying what to write).
 */
export const oneOf = <const V extends readonly [string, ...string[]]>(
  values: V,
  name = values.map((v) => JSON.stringify(v)).join(' | '),
): t.Type<V[number], V[number], unknown> => {
  const allowed: ReadonlySet<string> = new Set(values);
  const is = (u: unknown): u is V[number] => typeof u === 'string' && allowed.has(u);
  return new t.Type<V[number], V[number], unknown>(
    name,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c, `expected one of ${name}`)),
    t.identity,
  );
};
