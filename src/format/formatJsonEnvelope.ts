import type { QueryResult, TruncatedBy } from '../query/QueryResult.js';
import type { FormattableResult, FormattableValue } from './FormattableResult.js';
import type { FormatJsonOptions } from './formatJson.js';

/** How a cut result says so in its {@link JsonEnvelope}: which cap, its value, and how to get the rest. */
export interface JsonEnvelopeTruncation {
  /** `rows`: the row limit cut it; `bytes`: the byte cap (the rows' size as compact JSON). */
  readonly reason: TruncatedBy;
  /** The cap that was hit: the row limit for `rows`, the byte cap in bytes for `bytes`. */
  readonly limit: number;
  /** How to get the rest: page with ORDER BY … LIMIT/OFFSET, narrow the query, or select narrower columns. */
  readonly hint: string;
}

/** What {@link formatJsonEnvelope} writes: the rows with their columns and whether they are all of them. */
export interface JsonEnvelope {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, FormattableValue>>[];
  /** `false` for a whole result; a cut one says how. */
  readonly truncated: false | JsonEnvelopeTruncation;
}

/** What {@link formatJsonEnvelope} renders: a {@link QueryResult}, or rows of that shape with its limits. */
export type EnvelopeResult = FormattableResult & Pick<QueryResult, 'rowLimit' | 'maxBytes' | 'hint'>;

/** The hint of a cut result that came without one. */
const DEFAULT_HINT = 'page with ORDER BY <a unique key> LIMIT n OFFSET m, or narrow the query';

/** The envelope of a result, as an object (what {@link formatJsonEnvelope} writes). */
export const jsonEnvelope = (result: EnvelopeResult): JsonEnvelope => {
  const { columns, rows } = result;
  if (!result.truncated) return { columns, rows, truncated: false };
  const reason = result.truncatedBy ?? 'rows';
  return {
    columns,
    rows,
    truncated: {
      reason,
      limit: reason === 'bytes' ? result.maxBytes : result.rowLimit,
      hint: result.hint ?? DEFAULT_HINT,
    },
  };
};

/**
 * Renders a query result as one JSON object a script cannot misread as whole when it was cut:
 * `{"columns":[…],"rows":[{…},…],"truncated":false}`, or for a cut result
 * `"truncated":{"reason":"rows"|"bytes","limit":N,"hint":"…"}` with the cap that was hit (the row limit,
 * or the byte cap in bytes) and how to page. Keys in that order; compact on one line unless
 * `options.indent`; no final newline. Rows are objects keyed by column, as {@link formatJson} writes them.
 */
export const formatJsonEnvelope = (result: EnvelopeResult, options: FormatJsonOptions = {}): string =>
  JSON.stringify(jsonEnvelope(result), null, options.indent ?? 0);
