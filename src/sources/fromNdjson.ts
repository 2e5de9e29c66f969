import type { Readable } from 'node:stream';
import { Observable, from, map } from 'rxjs';
import type { SourceEmission } from '../model/SourceEmission.js';
import { decodeNdjsonLine } from './files/decodeNdjsonLine.js';
import { DEFAULT_MAX_LINE_BYTES } from './files/NdjsonLineSplitter.js';
import type { NumberedLine } from './files/NumberedLine.js';
import { readNdjsonLines } from './files/readNdjsonLines.js';
import { checkOption } from '../errors/checkOption.js';

export interface FromNdjsonOptions {
  /** Longest line read, in bytes; a longer one is rejected and skipped. Default {@link DEFAULT_MAX_LINE_BYTES} (64 MiB). */
  readonly maxLineBytes?: number;
}

const numberedLines = (input: Readable, maxLineBytes: number): Observable<NumberedLine> =>
  new Observable<NumberedLine>((subscriber) => {
    const subscription = from(readNdjsonLines(input, maxLineBytes)).subscribe({
      next: (line) => subscriber.next(line),
      error: (err: unknown) => subscriber.error(err),
      complete: () => subscriber.complete(),
    });
    return () => {
      subscription.unsubscribe();
      input.destroy();
    };
  });

/**
 * Newline-delimited Delta JSON as a source: one delta per line, blank lines ignored. A line that
 * does not decode becomes a rejection located by its line number (`line 12`), with the reasons
 * and paths; the lines after it go on. So does a line that is not UTF-8 (with the offset of its first
 * bad byte) or is longer than `maxLineBytes` (skipped unread). Lines are read as the pipeline takes
 * them, so memory holds about one line whatever the input's size.
 * @throws {InvalidOptionsError} when `maxLineBytes` is not a positive integer.
 */
export const fromNdjson = (input: Readable, options: FromNdjsonOptions = {}): Observable<SourceEmission> => {
  const maxLineBytes = checkOption.positiveInteger(
    'maxLineBytes',
    options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
  );
  return numberedLines(input, maxLineBytes).pipe(
    map((line): SourceEmission => decodeNdjsonLine(line, `line ${line.n}`)),
  );
};
