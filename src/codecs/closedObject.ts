import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** The decoded type of a {@link closedObject}: required fields, then optional ones. */
export type ClosedObject<R extends t.Props, O extends t.Props> = t.TypeOf<t.TypeC<R>> &
  t.TypeOf<t.PartialC<O>>;

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * An object codec with required and optional fields that refuses unknown fields, so a typo in a
 * config file (`"pagin"`) is an error naming it instead of a silently ignored setting.
 */
export const closedObject = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): t.Type<ClosedObject<R, O>, ClosedObject<R, O>, unknown> => {
  const inner = t.intersection([t.type(required), t.partial(optional)]);
  const known = [...Object.keys(required), ...Object.keys(optional)];
  return new t.Type<ClosedObject<R, O>, ClosedObject<R, O>, unknown>(
    name,
    (u): u is ClosedObject<R, O> => inner.is(u) && Object.keys(u).every((k) => known.includes(k)),
    (u, c) => {
      if (!isPlainObject(u)) return t.failure(u, c, 'expected an object');
      const errors: t.ValidationError[] = [];
      // The empty key keeps the intersection out of error paths (describeValidationErrors skips it).
      const decoded = inner.validate(u, t.appendContext(c, '', inner, u));
      if (E.isLeft(decoded)) errors.push(...decoded.left);
      for (const key of Object.keys(u)) {
        if (known.includes(key)) continue;
        errors.push({
          value: u[key],
          context: t.appendContext(c, key, t.unknown, u[key]),
          message: `unknown field (known: ${known.join(', ')})`,
        });
      }
      return errors.length > 0 ? t.failures(errors) : decoded;
    },
    t.identity,
  );
};
