import { open } from 'node:fs/promises';

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

/** A non-blank line and its number in the file (1-based). */
export interface NumberedLine {
  readonly n: number;
  readonly text: string;
}

export interface ReadNdjsonPageOptions {
  /** Stop after this many lines (blank ones included). */
  readonly maxLines: number;
  /** Stop after the line that reaches this many bytes. At least one line is always read whole. */
  readonly maxBytes: number;
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

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Reads whole lines of a newline-delimited file from a byte offset, at most `maxLines` lines or
 * about `maxBytes` bytes. Lines are split on the `\n` byte (never part of a multi-byte UTF-8
 * character), so offsets are exact byte positions; a trailing `\r` is dropped. Memory: one page of
 * lines, plus the longest line whole.
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
    let { offset, line } = from;
    let consumedLines = 0;
    let consumedBytes = 0;
    let stopped = false;
    let partial: Buffer[] = [];
    const take = (bytes: Buffer, end: number): void => {
      line += 1;
      offset = end;
      consumedLines += 1;
      consumedBytes += bytes.length + 1;
      let text = bytes.toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (text.trim() !== '') lines.push({ n: line, text });
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
          if (start < chunk.length) partial.push(Buffer.from(chunk.subarray(start)));
          break;
        }
        const bytes = Buffer.concat([...partial, chunk.subarray(start, newline)]);
        partial = [];
        take(bytes, position + newline + 1);
        start = newline + 1;
        if (consumedLines >= options.maxLines || consumedBytes >= options.maxBytes) {
          stopped = true;
          break;
        }
      }
      position += bytesRead;
    }
    if (!stopped && partial.length > 0 && position >= size) {
      const bytes = Buffer.concat(partial);
      if (options.complete || isJson(bytes.toString('utf8'))) take(bytes, size);
    }
    return { lines, end: { offset, line }, size, more: stopped && offset < size };
  } finally {
    await handle.close();
  }
};
