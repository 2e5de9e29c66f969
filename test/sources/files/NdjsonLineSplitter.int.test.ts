import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { NdjsonLineSplitter, type NdjsonPosition } from '../../../src/sources/files/NdjsonLineSplitter.js';
import type { NumberedLine } from '../../../src/sources/files/NumberedLine.js';
import { readNdjsonLines } from '../../../src/sources/files/readNdjsonLines.js';
import { readNdjsonPage } from '../../../src/sources/files/readNdjsonPage.js';
import { useTempDir } from '../../support/tempDir.js';

const tmp = useTempDir('oxide-mirror-line-splitter-');

/** A line's bytes: text, text with a byte that is not UTF-8, or a run long enough to pass a small limit. */
const lineBytes = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => Buffer.from(s.replace(/\n/g, ' '))),
  fc.constantFrom(Buffer.from(''), Buffer.from(' '), Buffer.from('\r'), Buffer.from('x\r')),
  fc
    .tuple(fc.string({ maxLength: 6 }), fc.constantFrom(0xff, 0xc3, 0x80))
    .map(([s, b]) => Buffer.concat([Buffer.from(s.replace(/\n/g, ' ')), Buffer.from([b])])),
  fc.integer({ min: 20, max: 90 }).map((n) => Buffer.from('é'.repeat(n))),
);

/**
 * An over-long line's preview is the head kept when the line passed the limit, so it depends on where
 * the chunks were cut (as it always did); its number and reason do not.
 */
const comparable = (lines: NumberedLine[]) =>
  lines.map((l) =>
    l.unreadable?.startsWith('line of ') === true ? { n: l.n, unreadable: l.unreadable } : l,
  );

const fromStream = async (chunks: Buffer[], maxLineBytes: number): Promise<NumberedLine[]> => {
  const lines: NumberedLine[] = [];
  for await (const line of readNdjsonLines(Readable.from(chunks), maxLineBytes)) lines.push(line);
  return lines;
};

const fromPages = async (
  path: string,
  options: { maxLines: number; maxBytes: number; maxLineBytes: number },
): Promise<NumberedLine[]> => {
  const lines: NumberedLine[] = [];
  for (let at: NdjsonPosition = { offset: 0, line: 0 }; ;) {
    const page = await readNdjsonPage(path, at, { ...options, complete: true });
    lines.push(...page.lines);
    at = page.end;
    if (!page.more) return lines;
  }
};

describe('NdjsonLineSplitter: the one line splitter of the NDJSON readers', () => {
  it('a stream read in any chunks and a file read in any pages give the same lines, UTF-8 and length checked (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineBytes, { maxLength: 25 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 8, max: 64 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 200 }),
        async (lines, finalNewline, cuts, maxLineBytes, maxLines, maxBytes) => {
          const newline = Buffer.from('\n');
          const bytes = Buffer.concat([
            ...lines.flatMap((l, i) => (i === 0 ? [l] : [newline, l])),
            ...(finalNewline && lines.length > 0 ? [newline] : []),
          ]);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points, bytes.length]
            .slice(1)
            .map((end, i, ends) => bytes.subarray(i === 0 ? 0 : (ends[i - 1] as number), end))
            .filter((c) => c.length > 0);
          const path = tmp.path('lines.ndjson');
          writeFileSync(path, bytes);
          const streamed = await fromStream(chunks, maxLineBytes);
          const paged = await fromPages(path, { maxLines, maxBytes, maxLineBytes });
          expect(comparable(paged)).toEqual(comparable(streamed));
          expect(streamed.map((l) => l.n)).toEqual(
            lines.flatMap((l, i) => (l.toString('latin1').replace(/\r$/, '').trim() === '' ? [] : [i + 1])),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('numbers lines and measures offsets from where it starts, and leaves the unterminated rest for the end', () => {
    const splitter = new NdjsonLineSplitter(10, { offset: 100, line: 7 });
    const split = [...splitter.push(Buffer.from('{"a":1}\n\n{"b":\xff}\nrest-of-a-long-line', 'latin1'))];
    expect(split).toEqual([
      { line: { n: 8, text: '{"a":1}' }, end: 108 },
      { line: undefined, end: 109 },
      {
        line: {
          n: 10,
          text: '{"b":\ufffd}',
          unreadable: 'not valid UTF-8: byte 0xFF at byte 5 of the line (byte 114 of the input)',
        },
        end: 117,
      },
    ]);
    expect(splitter.unterminated()).toEqual({
      line: {
        n: 11,
        text: 'rest-of-a-long-line…[0 more bytes not kept]',
        unreadable: 'line of 19 bytes is longer than the limit of 10 bytes (maxLineBytes); skipped',
      },
      end: 136,
      bytes: undefined,
    });
  });

  it('skips a UTF-8 byte order mark at the start of the input, however the chunks cut it, and nowhere else', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const bytes = Buffer.concat([bom, Buffer.from('{"a":1}\n'), bom, Buffer.from('{"b":2}\n')]);
    const expected = [
      { n: 1, text: '{"a":1}' },
      { n: 2, text: '\ufeff{"b":2}' },
    ];
    for (let cut = 1; cut <= 4; cut++) {
      expect(await fromStream([bytes.subarray(0, cut), bytes.subarray(cut)], 64)).toEqual(expected);
    }
    const path = tmp.path('bom.ndjson');
    writeFileSync(path, bytes);
    expect(await fromPages(path, { maxLines: 1, maxBytes: 100, maxLineBytes: 64 })).toEqual(expected);
  });
});
