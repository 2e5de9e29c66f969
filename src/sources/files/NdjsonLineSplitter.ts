import { firstInvalidUtf8Byte } from '../../model/firstInvalidUtf8Byte.js';
import type { NumberedLine } from './NumberedLine.js';

/**
 * The longest line the NDJSON readers take, in bytes, by default (64 MiB). A longer line is never held
 * whole: it is skipped to its end and rejected, naming the limit, and the next line is read.
 */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A place in NDJSON input: the byte offset after the last line read, and its number (1-based; 0 before any). */
export interface NdjsonPosition {
  readonly offset: number;
  readonly line: number;
}

/** A line as split: `undefined` when blank (it still counts), and the byte offset after it. */
export interface SplitLine {
  readonly line: NumberedLine | undefined;
  /** Where the next line starts (after this one's `\n`, or at the end of the input). */
  readonly end: number;
}

/** A last line without a `\n`, and its bytes (undefined when it is over the limit: they were not kept). */
export interface UnterminatedLine extends SplitLine {
  readonly bytes: Buffer | undefined;
}

const NEWLINE = 0x0a;
/** The UTF-8 byte order mark some editors (and Windows tools) put at the start of a text file. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Bytes of an over-long line kept to show with its rejection. */
const OVERLONG_HEAD_BYTES = 1024;

/** A line's bytes without the byte order mark, when they are the first of the input and start with one. */
const withoutBom = (bytes: Buffer, offset: number): { readonly bytes: Buffer; readonly offset: number } =>
  offset === 0 && bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)
    ? { bytes: bytes.subarray(UTF8_BOM.length), offset: UTF8_BOM.length }
    : { bytes, offset };

/**
 * Line `n` from its bytes (without the `\n`), which start at byte `offset` of the input; `undefined`
 * when it is blank. A UTF-8 byte order mark at the start of the input is not part of the first line.
 * Bytes that are not well-formed UTF-8 make the line unreadable, with the place of the first bad byte:
 * decoding them would silently put U+FFFD in their place. A U+FFFD that really is in the input
 * (as the bytes EF BF BD) is text like any other.
 */
const lineFromBytes = (n: number, lineBytes: Buffer, lineOffset: number): NumberedLine | undefined => {
  const { bytes, offset } = withoutBom(lineBytes, lineOffset);
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
const headBytes = (pieces: readonly Buffer[]): Buffer =>
  Buffer.concat(
    pieces,
    Math.min(
      OVERLONG_HEAD_BYTES,
      pieces.reduce((sum, p) => sum + p.length, 0),
    ),
  );

/** Line `n`, `length` bytes long, over the `limit`: unreadable, shown by its first bytes (`head`). */
const overlongLine = (n: number, head: Buffer, length: number, limit: number): NumberedLine => ({
  n,
  text: `${head.subarray(0, OVERLONG_HEAD_BYTES).toString('utf8')}…[${length - Math.min(head.length, OVERLONG_HEAD_BYTES)} more bytes not kept]`,
  unreadable: `line of ${length} bytes is longer than the limit of ${limit} bytes (maxLineBytes); skipped`,
});

/**
 * The one way NDJSON bytes become numbered lines, for every reader (a stream, a page of a file): split
 * on the `\n` byte (never part of a multi-byte UTF-8 character, so offsets are exact byte positions), a
 * UTF-8 byte order mark at the start of the input skipped, a trailing `\r` dropped, blank lines counted
 * but not returned. A line that is not UTF-8 comes back unreadable with the offset of its first bad
 * byte; one longer than `maxLineBytes` is skipped to its end without being held, and comes back
 * unreadable naming the limit. Memory: the line being read, at most `maxLineBytes` (of an over-long one,
 * its first kilobyte).
 *
 * State lives in the splitter: one per read, fed the input's chunks in order from `from`.
 */
export class NdjsonLineSplitter {
  private n: number;
  /** Where the line being read starts, in bytes from the start of the input. */
  private lineStart: number;
  /** Where the next chunk starts. */
  private position: number;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** The head of a line over `maxLineBytes`, whose rest is skipped. */
  private overlong: Buffer | undefined;

  constructor(
    private readonly maxLineBytes: number,
    from: NdjsonPosition = { offset: 0, line: 0 },
  ) {
    this.n = from.line;
    this.lineStart = from.offset;
    this.position = from.offset;
  }

  /**
   * The lines `chunk` ends, in order; its bytes after the last `\n` wait for the next chunk. A reader
   * may stop taking lines at any one (a page is full): the splitter is then done, and a later read
   * starts a new one from the last line's `end`. The chunk must not change while lines are taken.
   */
  *push(chunk: Buffer): Generator<SplitLine> {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      const end = this.position + newline; // the newline's offset in the input
      const n = this.n + 1;
      const tail = chunk.subarray(start, newline);
      const line =
        this.overlong !== undefined || this.partialBytes + tail.length > this.maxLineBytes
          ? overlongLine(
              n,
              this.overlong ?? headBytes([...this.partial, tail]),
              end - this.lineStart,
              this.maxLineBytes,
            )
          : lineFromBytes(
              n,
              this.partial.length === 0 ? tail : Buffer.concat([...this.partial, tail]),
              this.lineStart,
            );
      this.n = n;
      this.partial = [];
      this.partialBytes = 0;
      this.overlong = undefined;
      this.lineStart = end + 1;
      start = newline + 1;
      yield { line, end: end + 1 };
    }
    if (start < chunk.length && this.overlong === undefined) {
      this.partial.push(chunk.subarray(start));
      this.partialBytes += chunk.length - start;
      if (this.partialBytes > this.maxLineBytes) {
        this.overlong = headBytes(this.partial);
        this.partial = [];
      }
    }
    this.position += chunk.length;
  }

  /** After the last chunk: the line it left without a `\n`, if it left any bytes. */
  unterminated(): UnterminatedLine | undefined {
    const n = this.n + 1;
    const end = this.position;
    if (this.overlong !== undefined) {
      const line = overlongLine(n, this.overlong, end - this.lineStart, this.maxLineBytes);
      return { line, end, bytes: undefined };
    }
    if (this.partial.length === 0) return undefined;
    const bytes = Buffer.concat(this.partial);
    return { line: lineFromBytes(n, bytes, this.lineStart), end, bytes };
  }
}
