import { formatCsv } from '../../src/format/formatCsv.js';

describe('formatCsv', () => {
  it('writes a header line and one CRLF-terminated record per row', () => {
    expect(
      formatCsv({
        columns: ['resource', 'record_id', 'version'],
        rows: [
          { resource: 'users', record_id: 'u1', version: 1 },
          { resource: 'users', record_id: 'u2', version: 2.5 },
        ],
      }),
    ).toBe('resource,record_id,version\r\nusers,u1,1\r\nusers,u2,2.5\r\n');
  });

  it('quotes fields containing a comma, a double quote, CR or LF, doubling the quotes inside (RFC 4180)', () => {
    const csv = formatCsv({
      columns: ['v'],
      rows: [
        { v: 'a,b' },
        { v: 'say "hi"' },
        { v: 'line1\nline2' },
        { v: 'cr\rhere' },
        { v: 'crlf\r\n' },
        { v: 'plain' },
      ],
    });
    expect(csv).toBe('v\r\n"a,b"\r\n"say ""hi"""\r\n"line1\nline2"\r\n"cr\rhere"\r\n"crlf\r\n"\r\nplain\r\n');
  });

  it('quotes header names that need it', () => {
    expect(formatCsv({ columns: ['a,b', 'c"d', ''], rows: [] })).toBe('"a,b","c""d",\r\n');
  });

  it('writes NULL as an empty field and the empty string as "" so they stay distinguishable', () => {
    expect(formatCsv({ columns: ['a', 'b', 'c'], rows: [{ a: null, b: '', c: 0 }] })).toBe(
      'a,b,c\r\n,"",0\r\n',
    );
  });

  it('writes booleans as true/false and objects/arrays as compact JSON, quoted', () => {
    expect(
      formatCsv({ columns: ['b', 'o', 'l'], rows: [{ b: false, o: { k: 'v', n: 1 }, l: [1, 2] }] }),
    ).toBe('b,o,l\r\nfalse,"{""k"":""v"",""n"":1}","[1,2]"\r\n');
  });

  it('passes unicode through untouched, without a BOM', () => {
    const csv = formatCsv({
      columns: ['名前', 'emoji'],
      rows: [{ 名前: '日本語, テキスト', emoji: '👩‍👩‍👧 é' }],
    });
    expect(csv).toBe('名前,emoji\r\n"日本語, テキスト",👩‍👩‍👧 é\r\n');
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('orders fields by the columns and writes a missing key as an empty field', () => {
    expect(formatCsv({ columns: ['b', 'a'], rows: [{ a: 1 }] })).toBe('b,a\r\n,1\r\n');
  });
});
