import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { DEFAULT_MAX_CELL_WIDTH, formatTable } from '../../src/format/formatTable.js';

describe('formatTable', () => {
  it('aligns columns under a header and a rule, right-aligns numbers, and counts rows in a footer', () => {
    const text = formatTable({
      columns: ['resource', 'record_id', 'version'],
      rows: [
        { resource: 'users', record_id: 'u1', version: 1 },
        { resource: 'orders', record_id: 'o-1000', version: 12 },
      ],
      truncated: false,
    });
    expect(text).toBe(
      [
        'resource | record_id | version',
        '---------+-----------+--------',
        'users    | u1        |       1',
        'orders   | o-1000    |      12',
        '(2 rows)',
      ].join('\n'),
    );
  });

  it('says "(1 row)", "(0 rows)" and "(truncated at N rows)"', () => {
    expect(
      formatTable({ columns: ['a'], rows: [{ a: 'x' }], truncated: false })
        .split('\n')
        .at(-1),
    ).toBe('(1 row)');
    expect(formatTable({ columns: ['a'], rows: [], truncated: false })).toBe('a\n-\n(0 rows)');
    expect(
      formatTable({ columns: ['a'], rows: [{ a: 1 }, { a: 2 }], truncated: true })
        .split('\n')
        .at(-1),
    ).toBe('(truncated at 2 rows)');
  });

  it('shows null as NULL, objects and arrays as compact JSON, booleans as true/false', () => {
    const text = formatTable({
      columns: ['n', 'o', 'b'],
      rows: [{ n: null, o: { a: [1, 'two'], b: { c: null } }, b: true }],
      truncated: false,
    });
    expect(text.split('\n')[2]).toBe('NULL | {"a":[1,"two"],"b":{"c":null}} | true');
  });

  it(`cuts cells longer than maxCellWidth (default ${DEFAULT_MAX_CELL_WIDTH}) with an ellipsis`, () => {
    const long = 'x'.repeat(100);
    const byDefault = formatTable({ columns: ['v'], rows: [{ v: long }], truncated: false }).split('\n')[2]!;
    expect(byDefault).toBe(`${'x'.repeat(DEFAULT_MAX_CELL_WIDTH - 1)}…`);
    const narrow = formatTable(
      {
        columns: ['a_long_header'],
        rows: [{ a_long_header: 'abcdefgh' }, { a_long_header: 'abc' }],
        truncated: false,
      },
      { maxCellWidth: 5 },
    );
    expect(narrow.split('\n')).toEqual(['a_lo…', '-----', 'abcd…', 'abc', '(2 rows)']);
  });

  it('escapes control characters so each row stays one line and data cannot drive the terminal', () => {
    const text = formatTable({
      columns: ['v'],
      rows: [{ v: 'line1\nline2\tcol\r\u001b[31mred\u202eevil' }],
      truncated: false,
    });
    expect(text.split('\n')).toHaveLength(4);
    expect(text.split('\n')[2]).toBe('line1\\nline2\\tcol\\r\\u001b[31mred\\u202eevil');
  });

  it('aligns wide (CJK, emoji) and combining characters by terminal cells, and never cuts a grapheme in half', () => {
    const text = formatTable(
      {
        columns: ['name', 'n'],
        rows: [
          { name: '日本', n: 1 },
          { name: 'e\u0301t\u00e9', n: 2 },
          { name: '👩‍👩‍👧', n: 3 },
        ],
        truncated: false,
      },
      { maxCellWidth: 4 },
    );
    expect(text.split('\n')).toEqual([
      'name | n',
      '-----+--',
      '日本 | 1',
      'e\u0301té  | 2',
      '👩‍👩‍👧   | 3',
      '(3 rows)',
    ]);
    const cut = formatTable(
      { columns: ['v'], rows: [{ v: '日本語です' }, { v: '👍👍👍👍' }], truncated: false },
      { maxCellWidth: 6 },
    );
    expect(cut.split('\n').slice(2, 4)).toEqual(['日本…', '👍👍…']);
  });

  it('uses the columns for order and shows a missing key as NULL', () => {
    const text = formatTable({ columns: ['b', 'a'], rows: [{ a: 1 }], truncated: false });
    expect(text.split('\n')[2]).toBe('NULL | 1');
  });

  it('refuses a maxCellWidth that is not a positive integer', () => {
    expect(() => formatTable({ columns: [], rows: [], truncated: false }, { maxCellWidth: 0 })).toThrow(
      InvalidOptionsError,
    );
  });
});
