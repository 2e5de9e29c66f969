import { formatJson } from '../../src/format/formatJson.js';

describe('formatJson', () => {
  const rows = [
    { id: 'u1', n: 1, o: { a: [true, null] } },
    { id: 'ü "2"\n', n: 2.5, o: null },
  ];

  it('writes the rows as one compact JSON array of row objects that parses back to the rows', () => {
    const text = formatJson({ rows });
    expect(text).toBe('[{"id":"u1","n":1,"o":{"a":[true,null]}},{"id":"ü \\"2\\"\\n","n":2.5,"o":null}]');
    expect(JSON.parse(text)).toEqual(rows);
  });

  it('writes [] for no rows', () => {
    expect(formatJson({ rows: [] })).toBe('[]');
  });

  it('indents when asked', () => {
    expect(formatJson({ rows: [{ a: 1 }] }, { indent: 2 })).toBe('[\n  {\n    "a": 1\n  }\n]');
  });
});
