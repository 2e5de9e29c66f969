import * as t from 'io-ts';
import { NonNegativeInteger } from '../../codecs/scalars.js';
import { decodeFileCursor } from './decodeFileCursor.js';

/**
 * Where an NDJSON file source stands: `{"offset":1234,"line":56}`, the byte offset after the last
 * line it emitted and that line's number (so rejections keep their line numbers after a restart).
 */
export const NdjsonFileCursor = t.type(
  { offset: NonNegativeInteger, line: NonNegativeInteger },
  'NdjsonFileCursor',
);
export type NdjsonFileCursor = t.TypeOf<typeof NdjsonFileCursor>;

export const encodeNdjsonFileCursor = (cursor: NdjsonFileCursor): string =>
  JSON.stringify({ offset: cursor.offset, line: cursor.line });

/** A stored cursor read back; the file's start when there is none. @throws {SourceProtocolError} for another shape. */
export const decodeNdjsonFileCursor = (source: string, cursor: string | undefined): NdjsonFileCursor =>
  decodeFileCursor(NdjsonFileCursor, source, cursor, { offset: 0, line: 0 }, '{"offset":BYTES,"line":LINE}');
