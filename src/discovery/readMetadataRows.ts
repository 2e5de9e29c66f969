/**
 * How discovery reads the answers to its own statements: every row or an error, never a cut result
 * (a description of part of the metadata would be wrong without saying so), and values as the text
 * and counts they are.
 */
import { QueryError } from '../errors/QueryError.js';
import type { MirrorQuery } from '../query/MirrorQuery.js';
import type { QueryParams } from '../query/QueryParams.js';
import type { SqlJsonValue } from '../query/QueryResult.js';

/** Limits of discovery's own statements: metadata, not an agent's result, so generous but bounded. */
const METADATA_LIMITS = { rowLimit: 100_000, maxBytes: 64 * 1024 * 1024 } as const;

/** One row of a discovery statement, keyed by its column names. */
export type MetadataRow = Readonly<Record<string, SqlJsonValue>>;

/**
 * Runs one of discovery's own statements (see `discoveryStatements.ts`) and returns all its rows.
 *
 * @throws {@link QueryError} with `tooLarge(hint)` as its message when the rows pass the limits.
 */
export const readMetadataRows = (
  query: MirrorQuery,
  sql: string,
  params: QueryParams,
  tooLarge: (hint: string | undefined) => string,
): MetadataRow[] => {
  const result = query.query(sql, params, METADATA_LIMITS);
  if (result.truncated) throw new QueryError(sql, tooLarge(result.hint));
  return result.rows;
};

/** A metadata value as text: a string as it is, a number as its digits, `''` for a missing column. */
export const textOf = (v: SqlJsonValue | undefined): string =>
  typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);

/** A metadata count as a number (`count(*)` is always one; 0 for a missing column). */
export const countOf = (v: SqlJsonValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));
