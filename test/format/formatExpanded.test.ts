import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { displayWidth } from '../../src/format/displayWidth.js';
import { formatExpanded, MIN_EXPANDED_VALUE_WIDTH } from '../../src/format/formatExpanded.js';

const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));

/** The value of `name` in an expanded listing's first record: its line and continuation lines, joined. */
const valueOf = (text: string, name: string): string => {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${name} `) || l.startsWith(`${name}|`));
  const at = lines[start]!.indexOf(' | ') + 3;
  let value = lines[start]!.slice(at);
  for (const line of lines.slice(start + 1)) {
    if (!/^ +\| /.test(line)) break;
    value += line.slice(at);
  }
  return value;
};

describe('formatExpanded: one field per line per record, like psql \\x', () => {
  it('writes a record header, then name | value lines aligned on the widest name, then the footer', () => {
    const text = formatExpanded({
      columns: ['record_id', 'amount', 'n'],
      rows: [
        { record_id: 'INV-1', amount: 297, n: null },
        { record_id: 'INV-2', amount: 7500.5, n: 'x' },
      ],
      truncated: false,
    });
    expect(text).toBe(
      [
        '-[ RECORD 1 ]-----',
        'record_id | INV-1',
        'amount    | 297',
        'n         | NULL',
        '-[ RECORD 2 ]-----',
        'record_id | INV-2',
        'amount    | 7500.5',
        'n         | x',
        '(2 rows)',
      ].join('\n'),
    );
  });

  it('shows values as the table does: NULL apart from empty text, JSON for objects, controls escaped', () => {
    const text = formatExpanded({
      columns: ['empty', 'nil', 'obj', 'ctl'],
      rows: [{ empty: '', nil: null, obj: { a: [1, true] }, ctl: 'a\nb\u001b[31m' }],
      truncated: false,
    });
    expect(text.split('\n').slice(1, 5)).toEqual([
      'empty |',
      'nil   | NULL',
      'obj   | {"a":[1,true]}',
      'ctl   | a\\nb\\u001b[31m',
    ]);
  });

  it('wraps a long value onto continuation lines that fill maxLineWidth, cutting nothing', () => {
    const subject = 'The export of the March invoices times out after thirty seconds every single time';
    const text = formatExpanded(
      { columns: ['id', 'subject'], rows: [{ id: 'T-1', subject }], truncated: false },
      { maxLineWidth: 40 },
    );
    expect(widest(text)).toBeLessThanOrEqual(40);
    expect(text.split('\n')).toEqual([
      '-[ RECORD 1 ]---------------------------',
      'id      | T-1',
      'subject | The export of the March invoic', // 40 − 'subject | ' = 30 cells a line
      '        | es times out after thirty seco',
      '        | nds every single time',
      '(1 row)',
    ]);
    expect(valueOf(text, 'subject')).toBe(subject);
  });

  it('keeps the spaces of a value where a line ends, so the lines join back to it', () => {
    const v = 'abcdefgh  ijklmnop   x';
    const text = formatExpanded({ columns: ['v'], rows: [{ v }], truncated: false }, { maxLineWidth: 14 });
    expect(text.split('\n').slice(1, 4)).toEqual(['v | abcdefgh  ', '  | ijklmnop  ', '  |  x']);
    expect(valueOf(text, 'v')).toBe(v);
  });

  it('wraps by terminal cells, never inside a wide character', () => {
    const text = formatExpanded(
      { columns: ['名前'], rows: [{ 名前: '東京都千代田区丸の内一丁目' }], truncated: false },
      { maxLineWidth: 17 }, // 4 + 3 + 10 cells: five wide characters a line
    );
    expect(text.split('\n').slice(1, 4)).toEqual(['名前 | 東京都千代', '     | 田区丸の内', '     | 一丁目']);
    expect(widest(text)).toBeLessThanOrEqual(17);
  });

  it(`keeps values at least ${MIN_EXPANDED_VALUE_WIDTH} cells wide when a column name takes the line`, () => {
    const name = 'a_column_name_as_long_as_the_terminal';
    const text = formatExpanded(
      { columns: [name], rows: [{ [name]: 'x'.repeat(25) }], truncated: false },
      { maxLineWidth: 30 },
    );
    expect(text.split('\n').slice(1)).toEqual([
      `${name} | xxxxxxxxxx`,
      `${' '.repeat(name.length)} | xxxxxxxxxx`,
      `${' '.repeat(name.length)} | xxxxx`,
      '(1 row)',
    ]);
  });

  it('ends with what cut the result, and lists no records for no rows', () => {
    const rows = [{ a: 1 }];
    expect(
      formatExpanded({ columns: ['a'], rows, truncated: true, truncatedBy: 'rows' })
        .split('\n')
        .at(-1),
    ).toBe('(truncated at 1 row)');
    expect(
      formatExpanded({ columns: ['a'], rows, truncated: true, truncatedBy: 'bytes' })
        .split('\n')
        .at(-1),
    ).toBe('(1 row; truncated by the byte cap)');
    expect(formatExpanded({ columns: ['a'], rows: [], truncated: false })).toBe('(0 rows)');
  });

  it('refuses a line width that is not a positive integer', () => {
    expect(() => formatExpanded({ columns: [], rows: [], truncated: false }, { maxLineWidth: 0 })).toThrow(
      InvalidOptionsError,
    );
  });
});
