import type { FormattableResult, FormattableValue } from './FormattableResult.js';

const NEEDS_QUOTES = /[",\r\n]/;

const quote = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const field = (value: FormattableValue | undefined): string => {
  if (value === null || value === undefined) return '';
  if (value === '') return '""';
  return quote(typeof value === 'string' ? value : JSON.stringify(value));
};

/**
 * Renders a query result as CSV (RFC 4180): a header line of column names, then one record per row, each
 * line ended by CRLF (so pages of one query can be concatenated after dropping their header).
 *
 * - A field containing a comma, a double quote, CR or LF is enclosed in double quotes, with its double
 *   quotes doubled; other fields are written as they are (unicode untouched, no BOM).
 * - NULL is an empty field and the empty string is `""`, so the two stay distinguishable (PostgreSQL's
 *   `COPY … CSV` convention).
 * - Numbers and booleans as JSON writes them; objects and arrays as compact JSON (then quoted).
 */
export const formatCsv = (result: Pick<FormattableResult, 'columns' | 'rows'>): string => {
  const { columns, rows } = result;
  const lines = [columns.map(quote), ...rows.map((row) => columns.map((c) => field(row[c])))];
  return lines.map((cells) => `${cells.join(',')}\r\n`).join('');
};
