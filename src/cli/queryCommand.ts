import { existsSync } from 'node:fs';
import { formatCsv } from '../format/formatCsv.js';
import { formatExpanded } from '../format/formatExpanded.js';
import { formatJson } from '../format/formatJson.js';
import { formatJsonEnvelope } from '../format/formatJsonEnvelope.js';
import { formatNdjson } from '../format/formatNdjson.js';
import { formatTable } from '../format/formatTable.js';
import { formatTableForTerminal } from '../format/formatTableForTerminal.js';
import { EXIT_RESULT_TRUNCATED, type QueryResult } from '../query/QueryResult.js';
import { readSqlArgument, type SqlArgument } from '../query/readSqlArgument.js';
import { openQueryProcess } from '../queryProcess/openQueryProcess.js';
import { CliUsageError } from './CliUsageError.js';

/** Where the result goes: a terminal gets a table fitted to its width. */
export interface QueryOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The output formats of `--format`. */
export const QUERY_FORMATS = ['table', 'expanded', 'json', 'json-envelope', 'ndjson', 'csv'] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

/** `query`'s options, parsed and checked (`definitions/queryDefinition.ts`). */
export interface QueryCommandOptions {
  readonly db: string;
  /** Where the one read-only statement is: the argument, a file, or stdin (`-`). */
  readonly sql: SqlArgument;
  readonly format: QueryFormat;
  /** Bound to the `?` placeholders in order (`parameterFromArgument`: numbers as numbers). */
  readonly params: readonly (string | number | bigint)[];
  readonly rowLimit: number;
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** The process `query` runs in, as far as it uses it. */
export interface QueryIo {
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly stdout: QueryOutput;
  readonly stderr: NodeJS.WritableStream;
}

/** The terminal's width, when the output is one. */
const terminalWidth = (out: QueryOutput): number | undefined =>
  out.isTTY === true && (out.columns ?? 0) > 0 ? out.columns : undefined;

const FORMATS: Readonly<Record<QueryFormat, (result: QueryResult, out: QueryOutput) => string>> = {
  table: (r, out) => {
    const width = terminalWidth(out);
    return width === undefined ? formatTable(r) : formatTableForTerminal(r, { width });
  },
  expanded: (r, out) => {
    const width = terminalWidth(out);
    return formatExpanded(r, width === undefined ? {} : { maxLineWidth: width });
  },
  json: (r) => formatJson(r),
  'json-envelope': (r) => formatJsonEnvelope(r),
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

/**
 * Runs one read-only statement in a query process and prints its result; the exit code: 0 for a whole
 * result, {@link EXIT_RESULT_TRUNCATED} (3) for one cut by `--limit` or `--max-bytes`, in every format,
 * so that a script cannot take a cut result for a whole one.
 */
export const runQuery = async (options: QueryCommandOptions, io: QueryIo): Promise<number> => {
  const { db, rowLimit, maxBytes, timeoutMs } = options;
  const { stdout, stderr } = io;
  if (!existsSync(db)) throw new CliUsageError(`--db ${db}: no such file`);
  const format = FORMATS[options.format];
  // An unusable SQL argument is a QueryArgumentError, which runCli reports as wrong usage.
  const sql = await readSqlArgument(options.sql, io.stdin);

  const service = await openQueryProcess(db, { rowLimit, maxBytes, timeoutMs });
  try {
    const result = await service.query(sql, options.params);
    const text = format(result, stdout);
    stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (!result.truncated) return 0;
    stderr.write(truncationNotice(result));
    return EXIT_RESULT_TRUNCATED;
  } finally {
    await service.close();
  }
};
