import type { TruncatedBy } from './QueryResult.js';

/** `256 KiB`, `1.5 MiB`, `900 bytes`: a byte count as a person reads it. */
export const formatByteSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} bytes`;
  const [size, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${Number.isInteger(size) ? size : size.toFixed(1)} ${unit}`;
};

/** What {@link truncationHint} needs to know about the cut. */
export interface TruncationFacts {
  readonly by: TruncatedBy;
  /** Rows returned. */
  readonly rows: number;
  readonly rowLimit: number;
  readonly maxBytes: number;
  /** Size of the row that did not fit (only for `bytes`). */
  readonly nextRowBytes?: number;
}

/**
 * How to get the rest of a truncated result, in words an agent can act on: page with `LIMIT/OFFSET`
 * from where this result stopped (in a stable `ORDER BY`), or, when the byte cap cut it, select
 * narrower columns.
 */
export const truncationHint = (facts: TruncationFacts): string => {
  const { by, rows, rowLimit, maxBytes } = facts;
  const page = Math.max(rows, 1);
  const paging = `page with ORDER BY <a unique key> LIMIT ${page} OFFSET ${rows} (then OFFSET ${rows + page}, …)`;
  if (by === 'rows') {
    return `more than ${rowLimit} rows: ${paging}, narrow the WHERE clause, or aggregate (count(*), GROUP BY)`;
  }
  const narrower =
    "select fewer or narrower columns (the fields you need, e.g. json_extract(col, '$.a.b'), instead of " +
    'whole objects or payloads; substr() of long text)';
  if (rows === 0) {
    return (
      `the first row alone (${formatByteSize(facts.nextRowBytes ?? 0)} as JSON) is larger than the ` +
      `${formatByteSize(maxBytes)} byte cap: ${narrower}`
    );
  }
  return `the next row would pass the ${formatByteSize(maxBytes)} byte cap after ${rows} rows: ${narrower}, or ${paging}`;
};
