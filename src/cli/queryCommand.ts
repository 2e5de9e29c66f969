import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatCsv } from '../format/formatCsv.js';
import { formatJson } from '../format/formatJson.js';
import { formatNdjson } from '../format/formatNdjson.js';
import { formatTable } from '../format/formatTable.js';
import { DEFAULT_MAX_BYTES, DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_LIMIT } from '../query/QueryOptions.js';
import type { QueryResult } from '../query/QueryResult.js';
import { formatByteSize } from '../query/truncationHint.js';
import { openQueryProcess } from '../queryProcess/openQueryProcess.js';
import { CliUsageError } from './CliUsageError.js';
import { parsePositiveInteger } from './parsePositiveInteger.js';

export const QUERY_USAGE = `oxide-mirror query --db PATH "SQL" [--format table|json|ndjson|csv] [--param VALUE]...
                   [--limit N] [--max-bytes N] [--timeout-ms N]
  Runs one read-only statement on a separate read-only connection, in a child process. Writes,
  ATTACH, PRAGMA and multiple statements are refused. --param binds ? placeholders in order, as text.
  Results are bounded: --limit rows (default ${DEFAULT_ROW_LIMIT}), --max-bytes of rows as JSON (default
  ${DEFAULT_MAX_BYTES}, ${formatByteSize(DEFAULT_MAX_BYTES)}); a cut result says so on stderr, with how to page.
  --timeout-ms (default ${DEFAULT_QUERY_TIMEOUT_MS}) is a hard limit: a query still running is killed.
  On a terminal, table output is fitted to its width.`;

/** Where the result goes: a terminal gets a table fitted to its width. */
export interface QueryOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const FORMATS: Readonly<Record<string, (result: QueryResult, out: QueryOutput) => string>> = {
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

export const queryCommand = async (
  args: readonly string[],
  stdout: QueryOutput,
  stderr: NodeJS.WritableStream,
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      format: { type: 'string', default: 'table' },
      param: { type: 'string', multiple: true },
      limit: { type: 'string' },
      'max-bytes': { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
  });
  const sql = positionals[0];
  if (sql === undefined || positionals.length > 1)
    throw new CliUsageError('query takes exactly one SQL argument (quote it)');
  if (values.db === undefined) throw new CliUsageError('query needs --db PATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  const format = FORMATS[values.format];
  if (format === undefined)
    throw new CliUsageError(`--format must be one of ${Object.keys(FORMATS).join(', ')}`);
  const rowLimit = parsePositiveInteger('--limit', values.limit);
  const maxBytes = parsePositiveInteger('--max-bytes', values['max-bytes']);
  const timeoutMs = parsePositiveInteger('--timeout-ms', values['timeout-ms']);

  const service = await openQueryProcess(values.db, { rowLimit, maxBytes, timeoutMs });
  try {
    const result = await service.query(sql, values.param ?? []);
    const text = format(result, stdout);
    stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (result.truncated) stderr.write(truncationNotice(result));
    return 0;
  } finally {
    await service.close();
  }
};
