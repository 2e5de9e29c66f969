import { firstInvalidUtf8Byte } from '../../model/firstInvalidUtf8Byte.js';

/** A non-blank line of NDJSON input and its number (1-based). */
export interface NumberedLine {
  readonly n: number;
  /** The line's text (a trailing `\r` dropped); a lossy preview when the line is `unreadable`. */
  readonly text: string;
  /** Why the line cannot be decoded at all (not UTF-8, too long); `undefined` for a readable line. */
  readonly unreadable?: string;
}

/** Bytes of an over-long line kept to show with its rejection. */
const OVERLONG_HEAD_BYTES = 1024;

/**
 * Line `n` from its bytes (without the `\n`), which start at byte `offset` of the input; `undefined`
 * when it is blank. Bytes that are not well-formed UTF-8 make the line unreadable, with the place of
 * the first bad byte: decoding them would silently put U+FFFD in their place. A U+FFFD that really is in
 * the input (as the bytes EF BF BD) is text like any other.
 */
export const lineFromBytes = (n: number, bytes: Buffer, offset: number): NumberedLine | undefined => {
  const content = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
  const text = content.toString('utf8');
  const bad = firstInvalidUtf8Byte(content);
  if (bad === undefined) return text.trim() === '' ? undefined : { n, text };
  const byte = (content[bad] as number).toString(16).toUpperCase().padStart(2, '0');
  return {
    n,
    text,
    unreadable: `not valid UTF-8: byte 0x${byte} at byte ${bad} of the line (byte ${offset + bad} of the input)`,
  };
};

/** The first bytes of a line, from the pieces it was read in. */
export const headBytes = (pieces: readonly Buffer[]): Buffer =>
  Buffer.concat(
    pieces,
    Math.min(
      OVERLONG_HEAD_BYTES,
      pieces.reduce((sum, p) => sum + p.length, 0),
    ),
  );

/** Line `n`, `length` bytes long, over the `limit`: unreadable, shown by its first bytes (`head`). */
export const overlongLine = (n: number, head: Buffer, length: number, limit: number): NumberedLine => ({
  n,
  text: `${head.subarray(0, OVERLONG_HEAD_BYTES).toString('utf8')}…[${length - Math.min(head.length, OVERLONG_HEAD_BYTES)} more bytes not kept]`,
  unreadable: `line of ${length} bytes is longer than the limit of ${limit} bytes (maxLineBytes); skipped`,
});
