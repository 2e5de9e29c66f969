import * as t from 'io-ts';
import { NonNegativeInteger } from '../../codecs/scalars.js';

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
