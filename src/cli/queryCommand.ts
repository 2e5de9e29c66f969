import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatCsv } from '../query/formatCsv.js';
import { formatJson } from '../query/formatJson.js';
import { formatNdjson } from '../query/formatNdjson.js';
import { formatTable } from '../query/formatTable.js';
import { openQuery } from '../query/openQuery.js';
import type { QueryResult } from '../query/QueryResult.js';
import { CliUsageError } from './CliUsageError.js';

export const QUERY_USAGE = `oxide-mirror query --db PATH "SQL" [--format table|json|ndjson|csv] [--param VALUE]... [--limit N]
  Runs one read-only statement on a separate read-only connection. Writes, ATTACH, PRAGMA and
  multiple statements are refused. --param binds ? placeholders in order, as text.`;

const FORMATS: Readonly<Record<string, (result: QueryResult) => string>> = {
  table: (r) => formatTable(r),
  json: (r) => formatJson(r),
  ndjson: (r) => formatNdjson(r),
  csv: (r) => formatCsv(r),
};

export const queryCommand = (
  args: readonly string[],
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): number => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      format: { type: 'string', default: 'table' },
      param: { type: 'string', multiple: true },
      limit: { type: 'string' },
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
  const rowLimit = values.limit === undefined ? undefined : Number(values.limit);
  const connection = openQuery(values.db, rowLimit === undefined ? {} : { rowLimit });
  try {
    const result = connection.query(sql, values.param ?? []);
    const text = format(result);
    stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (result.truncated && values.format !== 'table') {
      stderr.write(
        `oxide-mirror: result truncated at ${result.rowLimit} rows; add LIMIT/OFFSET or --limit N\n`,
      );
    }
    return 0;
  } finally {
    connection.close();
  }
};
