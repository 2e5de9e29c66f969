import { tokenizeSql } from '../../src/query/tokenizeSql.js';

const shape = (sql: string) => tokenizeSql(sql).map((t) => (t.kind === 'other' ? `<${t.text}>` : t.text));

describe('tokenizeSql', () => {
  it('upper-cases words and skips whitespace and both comment styles', () => {
    expect(shape(' /* a */ select -- b\n x\t/*c*/from\r\nt ;')).toEqual(['SELECT', 'X', 'FROM', 'T', ';']);
  });

  it('treats quoted strings and identifiers as single opaque tokens, with doubled quotes inside', () => {
    expect(shape(`SELECT 'a;b''c', "d;""e", \`f;\`\`g\`, [h;i]`)).toEqual([
      'SELECT',
      "<'a;b''c'>",
      '<,>',
      '<"d;""e">',
      '<,>',
      '<`f;``g`>',
      '<,>',
      '<[h;i]>',
    ]);
  });

  it('runs unterminated comments and strings to the end, as SQLite does', () => {
    expect(shape('SELECT 1 /* ; DROP')).toEqual(['SELECT', '<1>']);
    expect(shape("SELECT '; DROP")).toEqual(['SELECT', "<'; DROP>"]);
    expect(shape('SELECT 1 -- ; DROP')).toEqual(['SELECT', '<1>']);
  });

  it('finds keywords glued to comments and punctuation', () => {
    expect(shape('DELETE/**/FROM(x);DROP')).toEqual(['DELETE', 'FROM', '<(>', 'X', '<)>', ';', 'DROP']);
  });

  it('records where each token starts', () => {
    expect(tokenizeSql('  -- c\n  WITH x').map((t) => t.start)).toEqual([9, 14]);
  });
});
