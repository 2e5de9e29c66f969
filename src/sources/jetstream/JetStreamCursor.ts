import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { NonEmptyString, NonNegativeInteger } from '../../codecs/scalars.js';
import { SourceProtocolError } from '../../errors/SourceProtocolError.js';
import { ALL_RESOURCES } from '../files/decodeFileCursor.js';

/**
 * Where a JetStream source stands:
 * - `stream`: every message up to stream sequence `seq` is applied; the next pull reads from `seq + 1`.
 *   Stored as the decimal sequence alone (`"1234"`).
 * - `snapshot`: joining from a snapshot, lines up to `line` of the snapshot object `nuid` (which covers
 *   the stream up to `seq`) are applied. Stored as `{"snapshot":NUID,"seq":SEQ,"line":LINE}`.
 */
export type JetStreamCursor =
  | { readonly phase: 'stream'; readonly seq: number }
  | { readonly phase: 'snapshot'; readonly nuid: string; readonly seq: number; readonly line: number };

const SnapshotCursor = t.strict(
  { snapshot: NonEmptyString, seq: NonNegativeInteger, line: NonNegativeInteger },
  'JetStreamSnapshotCursor',
);

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

export const encodeJetStreamCursor = (cursor: JetStreamCursor): string =>
  cursor.phase === 'stream'
    ? String(cursor.seq)
    : JSON.stringify({ snapshot: cursor.nuid, seq: cursor.seq, line: cursor.line });

/**
 * A stored cursor read back; `undefined` when there is none.
 * @throws {SourceProtocolError} when the stored text is neither shape (e.g. edited by hand).
 */
export const decodeJetStreamCursor = (
  source: string,
  cursor: string | undefined,
): JetStreamCursor | undefined => {
  if (cursor === undefined) return undefined;
  if (DECIMAL.test(cursor) && Number.isSafeInteger(Number(cursor))) {
    return { phase: 'stream', seq: Number(cursor) };
  }
  return pipe(
    E.tryCatch((): unknown => JSON.parse(cursor), E.toError),
    E.chainW((json) => SnapshotCursor.decode(json)),
    E.map(({ snapshot, seq, line }): JetStreamCursor => ({ phase: 'snapshot', nuid: snapshot, seq, line })),
    E.getOrElseW(() => {
      throw new SourceProtocolError(
        source,
        ALL_RESOURCES,
        cursor,
        'the stored cursor is neither a stream sequence nor {"snapshot":NUID,"seq":SEQ,"line":LINE}; ' +
          "reset the source's cursor to read the stream again",
      );
    }),
  );
};
