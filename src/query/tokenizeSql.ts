/** A significant token of SQL text: comments and whitespace are skipped, quoted text is one token. */
export interface SqlToken {
  /** `word`: a bare keyword or identifier (upper-cased in `text`); `semicolon`; `other`: anything else. */
  readonly kind: 'word' | 'semicolon' | 'other';
  readonly text: string;
  /** Offset of the token in the SQL text. */
  readonly start: number;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
const isWordStart = (c: string): boolean => /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;
const isWordPart = (c: string): boolean => /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;

/** Index just past a quoted run opened at `start` by `open` and closed by `close` (doubled to escape). */
const skipQuoted = (sql: string, start: number, close: string, doubledEscapes: boolean): number => {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === close) {
      if (doubledEscapes && sql[i + 1] === close) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length; // unterminated: SQLite reports it when preparing
};

/**
 * Splits SQL into significant tokens the way SQLite's tokenizer sees them, enough to find statement
 * keywords and statement-separating semicolons: `-- …` and `/* … *\/` comments and whitespace are skipped
 * (an unterminated block comment runs to the end, as in SQLite), and `'…'`, `"…"`, `` `…` `` and `[…]` are
 * single tokens, so a keyword or `;` inside them is not seen.
 */
export const tokenizeSql = (sql: string): SqlToken[] => {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (isSpace(c)) {
      i += 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i + 2);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === ';') {
      tokens.push({ kind: 'semicolon', text: ';', start: i });
      i += 1;
    } else if (c === "'" || c === '"' || c === '`') {
      const end = skipQuoted(sql, i, c, true);
      tokens.push({ kind: 'other', text: sql.slice(i, end), start: i });
      i = end;
    } else if (c === '[') {
      const end = skipQuoted(sql, i, ']', false);
      tokens.push({ kind: 'other', text: sql.slice(i, end), start: i });
      i = end;
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < sql.length && isWordPart(sql[end]!)) end += 1;
      tokens.push({ kind: 'word', text: sql.slice(i, end).toUpperCase(), start: i });
      i = end;
    } else {
      tokens.push({ kind: 'other', text: c, start: i });
      i += 1;
    }
  }
  return tokens;
};
