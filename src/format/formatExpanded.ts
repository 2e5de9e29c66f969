import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { displayWidth, wrapToWidth } from './displayWidth.js';
import type { FormattableResult } from './FormattableResult.js';
import { resultFooter } from './resultFooter.js';
import { tableCellText } from './tableCellText.js';

/** Narrowest a value's column is wrapped to, however long the column names and narrow the terminal. */
export const MIN_EXPANDED_VALUE_WIDTH = 10;

/** Options of {@link formatExpanded}. */
export interface FormatExpandedOptions {
  /**
   * Widest a line may be, in terminal cells (a terminal's `process.stdout.columns`): values are wrapped
   * onto continuation lines to fit, never cut. A column name wider than the line leaves values at least
   * {@link MIN_EXPANDED_VALUE_WIDTH} cells, so such lines overflow. Unset: values are not wrapped.
   */
  readonly maxLineWidth?: number;
}

const SEPARATOR = ' | ';

/**
 * Renders a query result one field per line, each row under a record header, like psql's expanded mode
 * (`\x`), for results too wide for a table:
 *
 * ```text
 * -[ RECORD 1 ]---------------
 * record_id | INV-2024000
 * amount    | 297
 * note      | a long value is wrapp
 *           | ed onto more lines
 * (1 row)
 * ```
 *
 * - column names left-aligned to the widest, never cut; then ` | ` and the value;
 * - values as in {@link formatTable} (NULL, numbers and booleans as JSON, objects and arrays as compact
 *   JSON, control characters escaped), wrapped to `maxLineWidth` between characters (not at words),
 *   never cut: the continuation lines of a value, in order, joined, give it whole;
 * - the footer is {@link formatTable}'s: `(N rows)`, or what cut the result;
 * - a value's own spaces are kept, at the end of a line too (a value wrapped after a space reads back
 *   whole when its lines are joined); an empty value leaves no trailing space after its `|`.
 *
 * Returns the lines joined with `\n`, without a final newline.
 *
 * @throws {@link InvalidOptionsError} when `maxLineWidth` is not a positive integer.
 */
export const formatExpanded = (
  result: Pick<FormattableResult, 'columns' | 'rows' | 'truncated' | 'truncatedBy'>,
  options: FormatExpandedOptions = {},
): string => {
  const { maxLineWidth } = options;
  if (maxLineWidth !== undefined && (!Number.isSafeInteger(maxLineWidth) || maxLineWidth < 1)) {
    throw new InvalidOptionsError('maxLineWidth', maxLineWidth, 'expected a positive integer');
  }
  const { columns, rows } = result;
  const names = columns.map((c) => tableCellText(c));
  const nameWidth = names.reduce((w, name) => Math.max(w, displayWidth(name)), 0);
  const valueWidth =
    maxLineWidth === undefined
      ? undefined
      : Math.max(MIN_EXPANDED_VALUE_WIDTH, maxLineWidth - nameWidth - SEPARATOR.length);
  const blankName = ' '.repeat(nameWidth);

  const records = rows.map((row) =>
    columns.map((c) => {
      const text = tableCellText(row[c]);
      return valueWidth === undefined ? [text] : wrapToWidth(text, valueWidth);
    }),
  );
  const widestValue = records.reduce(
    (w, fields) =>
      fields.reduce((fw, pieces) => pieces.reduce((pw, p) => Math.max(pw, displayWidth(p)), fw), w),
    0,
  );
  const fullWidth = nameWidth + SEPARATOR.length + widestValue;

  const lines: string[] = [];
  records.forEach((fields, r) => {
    const label = `-[ RECORD ${r + 1} ]`;
    const width = Math.max(label.length + 1, Math.min(fullWidth, maxLineWidth ?? fullWidth));
    lines.push(label + '-'.repeat(width - label.length));
    fields.forEach((pieces, i) => {
      const name = names[i]!;
      const padded = name + ' '.repeat(nameWidth - displayWidth(name));
      pieces.forEach((piece, p) => {
        const line = `${p === 0 ? padded : blankName}${SEPARATOR}${piece}`;
        lines.push(piece === '' ? line.trimEnd() : line);
      });
    });
  });
  lines.push(resultFooter(result));
  return lines.join('\n');
};
