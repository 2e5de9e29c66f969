import { displayWidth } from '../../src/format/displayWidth.js';
import { formatExpanded } from '../../src/format/formatExpanded.js';
import { formatTable } from '../../src/format/formatTable.js';
import {
  formatTableForTerminal,
  MIN_READABLE_COLUMN_WIDTH,
  tableTooNarrow,
} from '../../src/format/formatTableForTerminal.js';

const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));

/** `SELECT * FROM invoices` of the demo: 12 columns, a 172-cell table. */
const invoiceRow = (i: number) => ({
  record_id: `INV-202400${i}`,
  amount: 297 * (i + 1),
  currency: 'EUR',
  customer_id: `c02${i}`,
  due_date: '2024-04-01',
  id: `INV-202400${i}`,
  status: 'paid',
  updated_at: '2024-05-01T12:00:00Z',
  _source: 'billing',
  _confidence: 0.7,
  _version: 1,
  _synced_at: '2026-12-02T09:26:26.711000000Z',
});
const invoices = {
  columns: Object.keys(invoiceRow(0)),
  rows: [invoiceRow(0), invoiceRow(1)],
  truncated: false,
};

/** Nine of those columns: a 102-cell table. */
const nine = [
  'record_id',
  'amount',
  'currency',
  'customer_id',
  'due_date',
  'status',
  '_source',
  '_confidence',
  '_version',
];
const narrower = { ...invoices, columns: nine };

describe('formatTableForTerminal: the table when it reads, one field per line when it would not', () => {
  it('at 80 columns lists the full invoices one field per line, every value whole and every line fitting', () => {
    const text = formatTableForTerminal(invoices, { width: 80 });
    expect(text).toBe(formatExpanded(invoices, { maxLineWidth: 80 }));
    expect(widest(text)).toBeLessThanOrEqual(80);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^-\[ RECORD 1 \]-+$/);
    expect(lines).toContain('_synced_at  | 2026-12-02T09:26:26.711000000Z');
    expect(lines).toContain('customer_id | c021');
    expect(text).not.toContain('…');
    expect(lines.at(-1)).toBe('(2 rows)');
  });

  it('at 120 columns still lists them (the table would cut every column to 7 cells), and at 200 shows the table', () => {
    expect(tableTooNarrow(invoices, { width: 120 })).toBe(true);
    expect(formatTableForTerminal(invoices, { width: 120 })).toBe(
      formatExpanded(invoices, { maxLineWidth: 120 }),
    );
    expect(formatTableForTerminal(invoices, { width: 200 })).toBe(formatTable(invoices));
  });

  it('shows nine of the columns as the whole table at 120, and lists them at 80 (cut to 6 cells)', () => {
    const at120 = formatTableForTerminal(narrower, { width: 120 });
    expect(at120).toBe(formatTable(narrower));
    expect(at120.split('\n')[2]).toBe(
      'INV-2024000 |    297 | EUR      | c020        | 2024-04-01 | paid   | billing |         0.7 |        1',
    );
    const at80 = formatTableForTerminal(narrower, { width: 80 });
    expect(at80.split('\n')[0]).toMatch(/^-\[ RECORD 1 \]/);
    expect(widest(at80)).toBeLessThanOrEqual(80);
  });

  it(`keeps a fitted table whose cut columns stay at least ${MIN_READABLE_COLUMN_WIDTH} cells wide`, () => {
    const tickets = {
      columns: ['id', 'subject', 'status'],
      rows: [
        {
          id: 'T-1',
          subject: 'The export of the March invoices times out after thirty seconds',
          status: 'open',
        },
      ],
      truncated: false,
    };
    const text = formatTableForTerminal(tickets, { width: 40 });
    expect(text).toBe(formatTable(tickets, { maxTableWidth: 40 }));
    expect(text.split('\n')[2]).toBe('T-1 | The export of the March … | open');
    // At 27 the subject is cut to 12 cells, still a table; at 26 it would be cut to 11: listed instead.
    expect(formatTableForTerminal(tickets, { width: 27 }).split('\n')[2]).toBe('T-1 | The export … | open');
    expect(formatTableForTerminal(tickets, { width: 26 }).split('\n').slice(0, 4)).toEqual([
      '-[ RECORD 1 ]-------------',
      'id      | T-1',
      'subject | The export of th',
      '        | e March invoices',
    ]);
  });

  it('keeps short columns whole without listing: a column narrower than 12 cells that is not cut is fine', () => {
    const narrow = { columns: ['a', 'b', 'c'], rows: [{ a: 1, b: 2, c: 3 }], truncated: false };
    expect(formatTableForTerminal(narrow, { width: 9 })).toBe(formatTable(narrow));
  });

  it('shows a result with no rows as the table, so its column names show', () => {
    const empty = { ...invoices, rows: [] };
    expect(formatTableForTerminal(empty, { width: 80 })).toBe(formatTable(empty, { maxTableWidth: 80 }));
  });

  it('lists a cut result with the same footer as the table', () => {
    const cut = { ...invoices, truncated: true, truncatedBy: 'rows' as const };
    expect(formatTableForTerminal(cut, { width: 80 }).split('\n').at(-1)).toBe('(truncated at 2 rows)');
  });
});
