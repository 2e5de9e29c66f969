import { existsSync } from 'node:fs';
import { formatCsv } from '../format/formatCsv.js';
import { formatJson } from '../format/formatJson.js';
import { formatNdjson } from '../format/formatNdjson.js';
import { formatTable } from '../format/formatTable.js';
import type { QueryResult } from '../query/QueryResult.js';
import { openQueryProcess } from '../queryProcess/openQueryProcess.js';
import { CliUsageError } from './CliUsageError.js';

/** Where the result goes: a terminal gets a table fitted to its width. */
export interface QueryOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The output formats of `--format`. */
export const QUERY_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

/** `query`'s options, parsed and checked (`definitions/queryDefinition.ts`). */
export interface QueryCommandOptions {
  readonly db: string;
  /** One read-only statement. */
  readonly sql: string;
  readonly format: QueryFormat;
  /** Bound to the `?` placeholders in order, as text. */
  readonly params: readonly string[];
  readonly rowLimit: number;
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** The process `query` runs in, as far as it uses it. */
export interface QueryIo {
  readonly stdout: QueryOutput;
  readonly stderr: NodeJS.WritableStream;
}

const FORMATS: Readonly<Record<QueryFormat, (result: QueryResult, out: QueryOutput) => string>> = {
  table: (r, out) =>
    formatTable(r, out.isTTY === true && (out.columns ?? 0) > 0 ? { maxTableWidth: out.columns } : {}),
  json: (r) => formatJson(r),
  ndjson: (r) => formatNdjson(r),
  csv: (r) => formatCsv(r),
};

const truncationNotice = (result: QueryResult): string => {
  const cap =
    result.truncatedBy === 'bytes'
      ? 'its byte cap (raise it with --max-bytes N)'
      : `${result.rowLimit} rows (raise it with --limit N)`;
  return `oxide-mirror: result truncated at ${cap}: ${result.hint ?? 'page with LIMIT/OFFSET'}\n`;
};

/** Runs one read-only statement in a query process and prints its result; the exit code. */
export const runQuery = async (options: QueryCommandOptions, io: QueryIo): Promise<number> => {
  const { db, rowLimit, maxBytes, timeoutMs } = options;
  const { stdout, stderr } = io;
  if (!existsSync(db)) throw new CliUsageError(`--db ${db}: no such file`);
  const format = FORMATS[options.format];

  const service = await openQueryProcess(db, { rowLimit, maxBytes, timeoutMs });
  try {
    const result = await service.query(options.sql, options.params);
    const text = format(result, stdout);
    stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (result.truncated) stderr.write(truncationNotice(result));
    return 0;
  } finally {
    await service.close();
  }
};
