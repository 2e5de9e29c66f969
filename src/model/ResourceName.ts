import * as t from 'io-ts';

export const MAX_NAME_LENGTH = 128;

const CONTROL = /[\u0000-\u001f\u007f]/;

const isName = (s: string): boolean => s.length > 0 && s.length <= MAX_NAME_LENGTH && !CONTROL.test(s);

/**
 * A resource or source name: 1 to 128 characters, no control characters. Any other character,
 * SQL metacharacters included, is allowed: names are always bound as parameters.
 */
export const Name = new t.Type<string, string, unknown>(
  'Name',
  (u): u is string => typeof u === 'string' && isName(u),
  (u, c) =>
    typeof u === 'string' && isName(u)
      ? t.success(u)
      : t.failure(u, c, `expected a name of 1 to ${MAX_NAME_LENGTH} characters without control characters`),
  t.identity,
);
