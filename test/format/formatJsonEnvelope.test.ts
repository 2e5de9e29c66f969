import { formatJsonEnvelope } from '../../src/format/formatJsonEnvelope.js';

const base = {
  columns: ['id', 'n'],
  rows: [
    { id: 'u1', n: 1 },
    { id: 'ü "2"\n', n: null },
  ],
  rowLimit: 2,
  maxBytes: 4096,
};

describe('formatJsonEnvelope', () => {
  it('writes columns, rows and truncated:false for a whole result, on one line', () => {
    const text = formatJsonEnvelope({ ...base, truncated: false });
    expect(text).toBe(
      '{"columns":["id","n"],"rows":[{"id":"u1","n":1},{"id":"ü \\"2\\"\\n","n":null}],"truncated":false}',
    );
    expect(JSON.parse(text)).toEqual({ columns: base.columns, rows: base.rows, truncated: false });
  });

  it('says a result cut by its row limit: the reason, the row limit and how to page', () => {
    const hint = 'more than 2 rows: page with ORDER BY <a unique key> LIMIT 2 OFFSET 2 (then OFFSET 4, …)';
    const parsed = JSON.parse(
      formatJsonEnvelope({ ...base, truncated: true, truncatedBy: 'rows', hint }),
    ) as unknown;
    expect(parsed).toEqual({
      columns: ['id', 'n'],
      rows: base.rows,
      truncated: { reason: 'rows', limit: 2, hint },
    });
  });

  it('says a result cut by its byte cap with the cap in bytes, not the row limit', () => {
    const text = formatJsonEnvelope({
      ...base,
      truncated: true,
      truncatedBy: 'bytes',
      hint: 'narrower columns',
    });
    expect(text).toMatch(/,"truncated":\{"reason":"bytes","limit":4096,"hint":"narrower columns"\}\}$/);
  });

  it('still says how to page when a cut result came without a hint, and keeps the columns of no rows', () => {
    const parsed = JSON.parse(formatJsonEnvelope({ ...base, rows: [], truncated: true })) as {
      columns: string[];
      truncated: { reason: string; limit: number; hint: string };
    };
    expect(parsed.columns).toEqual(['id', 'n']);
    expect(parsed.truncated).toMatchObject({ reason: 'rows', limit: 2 });
    expect(parsed.truncated.hint).toMatch(/LIMIT n OFFSET m/);
  });

  it('indents when asked', () => {
    expect(
      formatJsonEnvelope(
        { columns: ['a'], rows: [], truncated: false, rowLimit: 1, maxBytes: 1 },
        { indent: 1 },
      ),
    ).toBe('{\n "columns": [\n  "a"\n ],\n "rows": [],\n "truncated": false\n}');
  });
});
