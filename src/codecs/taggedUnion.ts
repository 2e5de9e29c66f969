import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { oneOf } from './oneOf.js';

/**
 * A union discriminated by a string field (`type`): the tag is checked first, with
 * `type: expected one of "a" | "b", got "c"`, then the object is decoded by its member alone, so
 * errors name the member's fields instead of listing every member's complaints.
 */
export const taggedUnion = <M extends Record<string, t.Mixed>>(
  name: string,
  tag: string,
  members: M,
): t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown> => {
  const keys = Object.keys(members);
  const tags = oneOf(keys as [string, ...string[]]);
  const memberOf = (u: unknown): t.Mixed | undefined => {
    if (typeof u !== 'object' || u === null) return undefined;
    const value = (u as Record<string, unknown>)[tag];
    return typeof value === 'string' && keys.includes(value) ? members[value] : undefined;
  };
  return new t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown>(
    name,
    (u): u is t.TypeOf<M[keyof M]> => memberOf(u)?.is(u) ?? false,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u))
        return t.failure(u, c, 'expected an object');
      const value = (u as Record<string, unknown>)[tag];
      const checked = tags.validate(value, t.appendContext(c, tag, tags, value));
      if (E.isLeft(checked)) return checked;
      const member = members[checked.right] as t.Mixed;
      return member.validate(u, t.appendContext(c, '', member, u)) as t.Validation<t.TypeOf<M[keyof M]>>;
    },
    (a) => (memberOf(a)?.encode(a) ?? a) as t.OutputOf<M[keyof M]>,
  );
};
