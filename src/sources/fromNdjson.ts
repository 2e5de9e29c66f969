import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Observable, from, map, filter } from 'rxjs';
import { deltaOrRejection } from '../model/decodeDelta.js';
import type { SourceEmission } from '../model/SourceEmission.js';

interface NumberedLine {
  readonly n: number;
  readonly text: string;
}

const numberedLines = (input: Readable): Observable<NumberedLine> =>
  new Observable<NumberedLine>((subscriber) => {
    let n = 0;
    const subscription = from(createInterface({ input, crlfDelay: Infinity })).subscribe({
      next: (text) => subscriber.next({ n: ++n, text }),
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
 * and paths; the lines after it go on. Lines are read as the pipeline takes them, so memory
 * holds about one line whatever the file's size.
 */
export const fromNdjson = (input: Readable): Observable<SourceEmission> =>
  numberedLines(input).pipe(
    filter((line) => line.text.trim() !== ''),
    map(({ n, text }): SourceEmission => deltaOrRejection(text, `line ${n}`)),
  );
