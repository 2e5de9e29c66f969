import * as t from 'io-ts';
import { contextAt } from './contextAt.js';

/** Reports one problem a check found, at a path below the value (`['resources', 1, 'name']`). */
export type ReportProblem = (keys: readonly (string | number)[], value: unknown, message: string) => void;

/**
 * A codec that decodes with `codec`, then runs `check` on the decoded value for what a field-by-field
 * decode cannot see (distinct ids, URLs that must resolve): every problem it reports fails the decode,
 * located at its path as a field's own failure would be.
 */
export const checkedAfterDecode = <C extends t.Any>(
  codec: C,
  check: (value: t.TypeOf<C>, report: ReportProblem) => void,
): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    codec.name,
    (u): u is t.TypeOf<C> => codec.is(u),
    (u, c) => {
      const decoded = codec.validate(u, c);
      if (decoded._tag === 'Left') return decoded;
      const errors: t.ValidationError[] = [];
      check(decoded.right as t.TypeOf<C>, (keys, value, message) => {
        errors.push({ value, context: contextAt(c, keys, value), message });
      });
      return errors.length > 0 ? t.failures(errors) : decoded;
    },
    (a) => codec.encode(a) as t.OutputOf<C>,
  );

/** Reports every entry whose `key` an earlier entry already had, at `[...path, index, field]`. */
export const reportDuplicates = <T>(
  entries: readonly T[],
  key: (entry: T) => string,
  at: (index: number) => readonly (string | number)[],
  message: string,
  report: ReportProblem,
): void => {
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const k = key(entry);
    if (seen.has(k)) report(at(i), k, message);
    seen.add(k);
  });
};
