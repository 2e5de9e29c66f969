import * as t from 'io-ts';
import { NonNegativeInteger } from '../../codecs/scalars.js';
import { decodeFileCursor } from './decodeFileCursor.js';

/**
 * Where a directory source stands: `{"file":"2024-05-01.ndjson","offset":1234,"line":56}`. Every
 * file whose name sorts before `file` is done, and `file` is read up to byte `offset` (line
 * `line`). Before the first file, `file` is `""`.
 */
export const DirectoryCursor = t.type(
  { file: t.string, offset: NonNegativeInteger, line: NonNegativeInteger },
  'DirectoryCursor',
);
export type DirectoryCursor = t.TypeOf<typeof DirectoryCursor>;

export const encodeDirectoryCursor = (cursor: DirectoryCursor): string =>
  JSON.stringify({ file: cursor.file, offset: cursor.offset, line: cursor.line });

/** A stored cursor read back; before the first file when there is none. @throws {SourceProtocolError} for another shape. */
export const decodeDirectoryCursor = (source: string, cursor: string | undefined): DirectoryCursor =>
  decodeFileCursor(
    DirectoryCursor,
    source,
    cursor,
    { file: '', offset: 0, line: 0 },
    '{"file":NAME,"offset":BYTES,"line":LINE}',
  );
