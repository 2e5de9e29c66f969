import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { SourceProtocolError } from '../../errors/SourceProtocolError.js';
import { describeValidationErrors } from '../../codecs/describeValidationErrors.js';
import { formatIssues } from '../../errors/DecodeError.js';

/**
 * The stored cursor of one HTTP resource, a small JSON object:
 * - `since`: the instant this scan asks changes from (the `since` query parameter), as the server wrote it;
 * - `latest`: the largest `occurredAt` seen so far in this scan, which becomes `since` when it ends;
 * - `next`: where the scan goes on (a next-page token, a next URL, a page number or an offset);
 *   absent once a scan is complete.
 *
 * E.g. `{"since":"2024-05-01T10:00:00Z","latest":"2024-05-01T10:07:00Z","next":"c2Vj"}` mid-scan,
 * then `{"since":"2024-05-01T10:09:00Z"}` once caught up.
 */
export const HttpCursor = t.partial(
  { since: t.string, latest: t.string, next: t.union([t.string, t.number]) },
  'HttpCursor',
);
export type HttpCursor = t.TypeOf<typeof HttpCursor>;

/** The cursor as stored: keys in a fixed order, absent fields left out, so equal cursors are equal strings. */
export const encodeHttpCursor = (cursor: HttpCursor): string =>
  JSON.stringify({ since: cursor.since, latest: cursor.latest, next: cursor.next });

/** Reads a stored cursor (undefined the first time). A cursor of another shape is a protocol error, not a restart. */
export const decodeHttpCursor = (text: string | undefined, source: string, resource: string): HttpCursor => {
  if (text === undefined) return {};
  return pipe(
    E.tryCatch(
      (): unknown => JSON.parse(text),
      () => 'not JSON',
    ),
    E.chain((value) =>
      pipe(
        HttpCursor.decode(value),
        E.mapLeft((errors) => formatIssues(describeValidationErrors(errors))),
      ),
    ),
    E.getOrElseW((reason): never => {
      throw new SourceProtocolError(
        source,
        resource,
        text,
        `the stored cursor is not an HTTP source cursor (${reason}); reset it to pull from the start`,
      );
    }),
  );
};
