import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { NdjsonPosition } from '../../../src/sources/files/NdjsonLineSplitter.js';
import type { NumberedLine } from '../../../src/sources/files/NumberedLine.js';
import { readNdjsonPage, type ReadNdjsonPageOptions } from '../../../src/sources/files/readNdjsonPage.js';
import { useTempDir } from '../../support/tempDir.js';

const tmp = useTempDir('oxide-mirror-read-ndjson-');

/** Reads the whole file page by page, as a source does across pulls, each from the last end. */
const readAll = async (
  path: string,
  options: Omit<ReadNdjsonPageOptions, 'complete'> & { complete?: boolean },
): Promise<{ lines: NumberedLine[]; end: NdjsonPosition; pages: number }> => {
  let at: NdjsonPosition = { offset: 0, line: 0 };
  const lines: NumberedLine[] = [];
  for (let pages = 1; ; pages++) {
    const page = await readNdjsonPage(path, at, { complete: true, ...options });
    lines.push(...page.lines);
    at = page.end;
    if (!page.more) return { lines, end: at, pages };
  }
};

describe('readNdjsonPage', () => {
  it('reads every non-blank line once, with its number, whatever the page limits (property)', async () => {
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')),
      fc.constantFrom('', ' ', '\r', 'x\r'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 64 }),
        async (lines, finalNewline, maxLines, maxBytes) => {
          const path = tmp.path('p.ndjson');
          const content = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
          writeFileSync(path, content);
          const { lines: read, end } = await readAll(path, { maxLines, maxBytes });
          const expected = lines
            .map((text, i) => ({ n: i + 1, text: text.endsWith('\r') ? text.slice(0, -1) : text }))
            .filter((l) => l.text.trim() !== '');
          // Every newline ends a line; text after the last newline is one more line.
          const lineCount =
            content.split('\n').length - 1 + (content.endsWith('\n') || content === '' ? 0 : 1);
          expect(read).toEqual(expected);
          expect(end).toEqual({ offset: Buffer.byteLength(content), line: lineCount });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('splits on bytes, so multi-byte characters across read chunks and long lines come back whole', async () => {
    const path = tmp.path('wide.ndjson');
    const long = 'é'.repeat(40_000) + '🦀'.repeat(10_000); // about 120 KiB: crosses 64 KiB chunks
    writeFileSync(path, `${long}\r\n\n${long}\n`);
    const first = await readNdjsonPage(
      path,
      { offset: 0, line: 0 },
      { maxLines: 1, maxBytes: 1, complete: true },
    );
    expect(first.lines).toEqual([{ n: 1, text: long }]);
    expect(first.end).toEqual({ offset: Buffer.byteLength(`${long}\r\n`), line: 1 });
    expect(first.more).toBe(true);
    const rest = await readNdjsonPage(path, first.end, { maxLines: 10, maxBytes: 1 << 20, complete: true });
    expect(rest.lines).toEqual([{ n: 3, text: long }]);
    expect(rest.more).toBe(false);
  });

  it('takes an unterminated last line of an open file only once it is valid JSON', async () => {
    const path = tmp.path('open.ndjson');
    writeFileSync(path, '{"a":1}\n{"b":');
    const open = { maxLines: 10, maxBytes: 1 << 20, complete: false };
    const first = await readNdjsonPage(path, { offset: 0, line: 0 }, open);
    expect(first.lines).toEqual([{ n: 1, text: '{"a":1}' }]);
    expect(first.end).toEqual({ offset: 8, line: 1 });
    writeFileSync(path, '{"a":1}\n{"b":2}');
    const second = await readNdjsonPage(path, first.end, open);
    expect(second.lines).toEqual([{ n: 2, text: '{"b":2}' }]);
    expect(second.end).toEqual({ offset: 15, line: 2 });
  });

  it('reports the size of a file shorter than the start, and reads nothing', async () => {
    const path = tmp.path('short.ndjson');
    writeFileSync(path, '{}\n');
    const page = await readNdjsonPage(
      path,
      { offset: 10, line: 4 },
      { maxLines: 5, maxBytes: 100, complete: true },
    );
    expect(page).toEqual({ lines: [], end: { offset: 10, line: 4 }, size: 3, more: false });
  });
});
