import type { Readable } from 'node:stream';
import { headBytes, lineFromBytes, overlongLine, type NumberedLine } from './NumberedLine.js';

const NEWLINE = 0x0a;

/**
 * The non-blank lines of a byte stream of NDJSON, as it is read: split on the `\n` byte, a trailing
 * `\r` dropped. A line that is not UTF-8 comes back unreadable, with the offset of its first bad byte;
 * one longer than `maxLineBytes` is skipped to its end without being held, and comes back unreadable
 * naming the limit. Memory: the current line, at most `maxLineBytes`.
 */
export async function* readNdjsonLines(input: Readable, maxLineBytes: number): AsyncGenerator<NumberedLine> {
  let n = 0;
  let offset = 0; // where the line being read starts, in bytes from the start of the input
  let position = 0; // where the current chunk starts
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let overlong: Buffer | undefined; // the head of a line over maxLineBytes, whose rest is skipped
  for await (const data of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        if (start < chunk.length && overlong === undefined) {
          partial.push(chunk.subarray(start));
          partialBytes += chunk.length - start;
          if (partialBytes > maxLineBytes) {
            overlong = headBytes(partial);
            partial = [];
          }
        }
        break;
      }
      const end = position + newline;
      n += 1;
      const line =
        overlong !== undefined || partialBytes + newline - start > maxLineBytes
          ? overlongLine(
              n,
              overlong ?? headBytes([...partial, chunk.subarray(start, newline)]),
              end - offset,
              maxLineBytes,
            )
          : lineFromBytes(n, Buffer.concat([...partial, chunk.subarray(start, newline)]), offset);
      if (line !== undefined) yield line;
      partial = [];
      partialBytes = 0;
      overlong = undefined;
      offset = end + 1;
      start = newline + 1;
    }
    position += chunk.length;
  }
  if (overlong !== undefined) {
    yield overlongLine(n + 1, overlong, position - offset, maxLineBytes);
  } else if (partial.length > 0) {
    const line = lineFromBytes(n + 1, Buffer.concat(partial), offset);
    if (line !== undefined) yield line;
  }
}
