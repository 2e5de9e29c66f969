import { formatNdjson } from '../../src/format/formatNdjson.js';

describe('formatNdjson', () => {
  it('writes one compact JSON object per line, each ended by a newline', () => {
    const rows = [
      { id: 'u1', o: { a: [1, 2] } },
      { id: 'multi\nline 日本', o: null },
    ];
    const text = formatNdjson({ rows });
    expect(text).toBe('{"id":"u1","o":{"a":[1,2]}}\n{"id":"multi\\nline 日本","o":null}\n');
    expect(
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(rows);
  });

  it('writes nothing for no rows', () => {
    expect(formatNdjson({ rows: [] })).toBe('');
  });
});
