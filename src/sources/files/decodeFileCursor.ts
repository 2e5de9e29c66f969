import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { SourceProtocolError } from '../../errors/SourceProtocolError.js';

/**
 * The resource a file source's cursor is stored under: one file may hold deltas of many resources,
 * and one position in it covers all of them.
 */
export const ALL_RESOURCES = '*';

/**
 * Reads a stored cursor with `codec`; the start (`initial`) when there is none.
 * @throws {SourceProtocolError} when the stored text is not such a cursor (e.g. edited by hand).
 */
export const decodeFileCursor = <A>(
  codec: t.Decoder<unknown, A>,
  source: string,
  cursor: string | undefined,
  initial: A,
  shape: string,
): A => {
  if (cursor === undefined) return initial;
  return pipe(
    E.tryCatch((): unknown => JSON.parse(cursor), E.toError),
    E.chainW((json) => codec.decode(json)),
    E.getOrElseW(() => {
      throw new SourceProtocolError(
        source,
        ALL_RESOURCES,
        cursor,
        `the stored cursor is not ${shape}; reset the source's cursor to read its files again`,
      );
    }),
  );
};
