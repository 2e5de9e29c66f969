import { open } from 'node:fs/promises';
import { parseJson } from '../../model/parseJson.js';
import {
  DEFAULT_MAX_LINE_BYTES,
  NdjsonLineSplitter,
  type NdjsonPosition,
  type SplitLine,
} from './NdjsonLineSplitter.js';
import type { NumberedLine } from './NumberedLine.js';

const CHUNK_BYTES = 64 * 1024;

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
 * about `maxBytes` bytes, split by {@link NdjsonLineSplitter} (offsets are exact byte positions; a line
 * that is not UTF-8, or longer than `maxLineBytes`, comes back unreadable). Memory: one page of lines,
 * plus the longest line whole (at most `maxLineBytes`).
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
    const splitter = new NdjsonLineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, from);
    let { offset, line } = from;
    const take = (split: SplitLine): boolean => {
      line += 1;
      offset = split.end;
      if (split.line !== undefined) lines.push(split.line);
      return line - from.line >= options.maxLines || offset - from.offset >= options.maxBytes;
    };
    let position = from.offset;
    while (position < size) {
      options.signal?.throwIfAborted();
      // A buffer per read: the splitter keeps the unfinished line's bytes as they are.
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break; // shrank while we read: what is left is read next time
      for (const split of splitter.push(buffer.subarray(0, bytesRead))) {
        if (take(split)) return { lines, end: { offset, line }, size, more: offset < size };
      }
      position += bytesRead;
    }
    // A last line without a newline. An over-long one is taken only when the file is complete: a
    // writer may still be appending to it (until then, each read skims it again).
    const last = position >= size ? splitter.unterminated() : undefined;
    if (last !== undefined && (options.complete || (last.bytes !== undefined && isJson(last.bytes))))
      take(last);
    return { lines, end: { offset, line }, size, more: false };
  } finally {
    await handle.close();
  }
};
