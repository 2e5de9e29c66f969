import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { displayWidth } from '../../src/format/displayWidth.js';
import { formatTable, MIN_FITTED_COLUMN_WIDTH } from '../../src/format/formatTable.js';

const result = {
  columns: ['id', 'title', 'body'],
  rows: [
    { id: 1, title: 'A fairly long title of a ticket', body: 'b'.repeat(50) },
    { id: 22, title: 'Short', body: 'short' },
  ],
  truncated: false,
};

const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));

describe('formatTable fitted to a terminal (maxTableWidth)', () => {
  it('leaves a table that fits as it is', () => {
    expect(formatTable(result, { maxTableWidth: 200 })).toBe(formatTable(result));
  });

  it('cuts the widest columns first, keeping narrow ones whole, so every line fits', () => {
    const text = formatTable(result, { maxTableWidth: 60 });
    expect(widest(text)).toBeLessThanOrEqual(60);
    const [header, rule, first] = text.split('\n');
    expect(header).toMatch(/^id \| title +\| body$/);
    expect(rule).toMatch(/^-{2}-\+-/);
    expect(first).toMatch(/^ 1 \| A fairly long title of a \S*… \| b+…$/);
    expect(text.split('\n').at(-1)).toBe('(2 rows)');
  });

  it(`does not cut a column below ${MIN_FITTED_COLUMN_WIDTH} cells, even if the table then overflows`, () => {
    const text = formatTable(result, { maxTableWidth: 10 });
    const [, , first] = text.split('\n');
    expect(first).toBe(' 1 | A fai… | bbbbb…');
  });

  it('refuses a width that is not a positive integer', () => {
    expect(() => formatTable(result, { maxTableWidth: 0 })).toThrow(InvalidOptionsError);
  });

  it('says when the byte cap cut the result', () => {
    expect(
      formatTable({ ...result, truncated: true, truncatedBy: 'bytes' })
        .split('\n')
        .at(-1),
    ).toBe('(2 rows; truncated by the byte cap)');
    expect(
      formatTable({ ...result, truncated: true, truncatedBy: 'rows' })
        .split('\n')
        .at(-1),
    ).toBe('(truncated at 2 rows)');
  });
});
