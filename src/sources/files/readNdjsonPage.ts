import { open } from 'node:fs/promises';
import { parseJson } from '../../model/parseJson.js';
import { DEFAULT_MAX_LINE_BYTES } from './DEFAULT_MAX_LINE_BYTES.js';
import { headBytes, lineFromBytes, overlongLine, type NumberedLine } from './NumberedLine.js';

export type { NumberedLine } from './NumberedLine.js';

/** Lines read per page by the file sources, by default. */
export const DEFAULT_PAGE_LINES = 1_000;
/** Bytes read per page by the file sources, by default (a page ends after the line that crosses it). */
export const DEFAULT_PAGE_BYTES = 4 * 1024 * 1024;

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** A place in a file: the byte offset after the last line consumed, and that line's number (1-based; 0 before any). */
export interface NdjsonPosition {
  readonly offset: number;
  readonly line: number;
}

export interface ReadNdjsonPageOptions {
  /** Stop after this many lines (blank ones included). */
  readonly maxLines: number;
  /** Stop after the line that reaches this many bytes. At least one line is always read whole. */
  readonly maxBytes: number;
  /**
   * A longer line is skipped to its end without being held, and returned as an unreadable line naming
   * the limit. Default {@link DEFAULT_MAX_LINE_BYTES}.
   */
  readonly maxLineBytes?: number;
  /**
   * The file is complete: a last line without a newline is a line. When false, such a line is
   * taken only if it is valid JSON (a writer may be in the middle of it), else left for a later read.
   */
  readonly complete: boolean;
  readonly signal?: AbortSignal;
}

export interface NdjsonPage {
  /** The non-blank lines consumed, in file order. */
  readonly lines: readonly NumberedLine[];
  /** After the last line consumed (blank ones included): where the next read starts. */
  readonly end: NdjsonPosition;
  /** The file's size when it was read. Smaller than the start offset means it was truncated or replaced. */
  readonly size: number;
  /** True when a limit stopped the read before the end of the file. */
  readonly more: boolean;
}

/** Whether a last line is whole: JSON by the same parse that decodes it, so the two never disagree. */
const isJson = (bytes: Buffer): boolean => {
  try {
    parseJson(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

/**
 * Reads whole lines of a newline-delimited file from a byte offset, at most `maxLines` lines or
 * about `maxBytes` bytes. Lines are split on the `\n` byte (never part of a multi-byte UTF-8
 * character), so offsets are exact byte positions; a trailing `\r` is dropped. A line that is not
 * UTF-8, or longer than `maxLineBytes`, comes back unreadable (see {@link NumberedLine}). Memory: one
 * page of lines, plus the longest line whole (at most `maxLineBytes`).
 */
export const readNdjsonPage = async (
  path: string,
  from: NdjsonPosition,
  options: ReadNdjsonPageOptions,
): Promise<NdjsonPage> => {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const lines: NumberedLine[] = [];
    if (size < from.offset) return { lines, end: from, size, more: false };
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    let { offset, line } = from; // `offset` is also where the line being read starts
    let consumedLines = 0;
    let consumedBytes = 0;
    let stopped = false;
    let partial: Buffer[] = [];
    let partialBytes = 0;
    let overlong: Buffer | undefined; // the head of a line over maxLineBytes, whose rest is skipped
    const take = (numbered: (n: number) => NumberedLine | undefined, end: number): void => {
      const read = numbered(line + 1);
      line += 1;
      consumedLines += 1;
      consumedBytes += end - offset;
      offset = end;
      if (read !== undefined) lines.push(read);
    };
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = from.offset;
    while (position < size && !stopped) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, size - position), position);
      if (bytesRead === 0) break; // shrank while we read: what is left is read next time
      const chunk = buffer.subarray(0, bytesRead);
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(NEWLINE, start);
        if (newline === -1) {
          if (start < chunk.length && overlong === undefined) {
            partial.push(Buffer.from(chunk.subarray(start)));
            partialBytes += chunk.length - start;
            if (partialBytes > maxLineBytes) {
              overlong = headBytes(partial);
              partial = [];
            }
          }
          break;
        }
        const end = position + newline; // the newline's offset in the file
        const lineStart = offset;
        if (overlong !== undefined || partialBytes + newline - start > maxLineBytes) {
          const head = overlong ?? headBytes([...partial, chunk.subarray(start, newline)]);
          take((n) => overlongLine(n, head, end - lineStart, maxLineBytes), end + 1);
        } else {
          const bytes = Buffer.concat([...partial, chunk.subarray(start, newline)]);
          take((n) => lineFromBytes(n, bytes, lineStart), end + 1);
        }
        partial = [];
        partialBytes = 0;
        overlong = undefined;
        start = newline + 1;
        if (consumedLines >= options.maxLines || consumedBytes >= options.maxBytes) {
          stopped = true;
          break;
        }
      }
      position += bytesRead;
    }
    if (!stopped && position >= size) {
      // A last line without a newline. An over-long one is taken only when the file is complete: a
      // writer may still be appending to it (until then, each read skims it again).
      const lineStart = offset;
      const head = overlong;
      if (head !== undefined) {
        if (options.complete) take((n) => overlongLine(n, head, size - lineStart, maxLineBytes), size);
      } else if (partial.length > 0) {
        const bytes = Buffer.concat(partial);
        if (options.complete || isJson(bytes)) take((n) => lineFromBytes(n, bytes, lineStart), size);
      }
    }
    return { lines, end: { offset, line }, size, more: stopped && offset < size };
  } finally {
    await handle.close();
  }
};
