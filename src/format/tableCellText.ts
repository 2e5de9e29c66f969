import type { FormattableValue } from './FormattableResult.js';

const escapeControl = (c: string): string => {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
};

/**
 * C0/C1 controls, DEL, line/paragraph separators and bidi overrides: anything that would break a table row
 * or let data drive the terminal (ANSI escapes) is shown escaped instead.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * One table cell as single-line text: NULL for null, strings as they are (control characters escaped as
 * `\n`, `\t`, `\u001b`…), numbers and booleans as JSON writes them, objects and arrays as compact JSON.
 */
export const tableCellText = (value: FormattableValue | undefined): string => {
  if (value === null || value === undefined) return 'NULL';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(UNSAFE, escapeControl);
};
