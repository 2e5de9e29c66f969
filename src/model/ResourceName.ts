import * as t from 'io-ts';
import { describeLoneSurrogate, loneSurrogateAt } from './loneSurrogateAt.js';

export const MAX_NAME_LENGTH = 128;

const CONTROL = /[\u0000-\u001f\u007f]/;

const problemOf = (u: unknown): string | undefined => {
  if (typeof u !== 'string' || u.length === 0 || u.length > MAX_NAME_LENGTH || CONTROL.test(u)) {
    return `expected a name of 1 to ${MAX_NAME_LENGTH} characters without control characters`;
  }
  const lone = loneSurrogateAt(u);
  return lone === undefined
    ? undefined
    : `expected well-formed Unicode text (${describeLoneSurrogate(lone)})`;
};

/**
 * A resource or source name: 1 to 128 characters, no control characters, well-formed Unicode (no
 * lone surrogates). Any other character, SQL metacharacters included, is allowed: names are always
 * bound as parameters.
 */
export const Name = new t.Type<string, string, unknown>(
  'Name',
  (u): u is string => problemOf(u) === undefined,
  (u, c) => {
    const problem = problemOf(u);
    return problem === undefined ? t.success(u as string) : t.failure(u, c, problem);
  },
  t.identity,
);
