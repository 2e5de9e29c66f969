import type { Readable } from 'node:stream';
import { NdjsonLineSplitter } from './NdjsonLineSplitter.js';
import type { NumberedLine } from './NumberedLine.js';

/**
 * The non-blank lines of a byte stream of NDJSON, as it is read, split by {@link NdjsonLineSplitter}:
 * a line that is not UTF-8, or longer than `maxLineBytes`, comes back unreadable. Memory: the current
 * line, at most `maxLineBytes`.
 */
export async function* readNdjsonLines(input: Readable, maxLineBytes: number): AsyncGenerator<NumberedLine> {
  const splitter = new NdjsonLineSplitter(maxLineBytes);
  for await (const data of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (const { line } of splitter.push(chunk)) if (line !== undefined) yield line;
  }
  const last = splitter.unterminated()?.line;
  if (last !== undefined) yield last;
}
