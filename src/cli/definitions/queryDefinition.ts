import { Command, Option } from '@commander-js/extra-typings';
import { DEFAULT_MAX_BYTES, DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_LIMIT } from '../../query/QueryOptions.js';
import { formatByteSize } from '../../query/truncationHint.js';
import { QUERY_FORMATS, type QueryCommandOptions } from '../queryCommand.js';
import { positiveInteger, timerMs } from './argumentParsers.js';
import { repeatableOption } from './repeatableOption.js';
import type { RunCommand } from './RunCommand.js';

/** `oxide-mirror query`: its arguments, options and help. */
export const queryDefinition = (run: RunCommand<QueryCommandOptions>) =>
  new Command('query')
    .summary('run one read-only SQL statement, with bounded results')
    .description(
      'Runs one read-only statement on a separate read-only connection, in a child process. Writes, ' +
        'ATTACH, PRAGMA and multiple statements are refused. --param binds ? placeholders in order, as ' +
        `text. Results are bounded: --limit rows (default ${DEFAULT_ROW_LIMIT}), --max-bytes of rows as JSON ` +
        `(default ${DEFAULT_MAX_BYTES}, ${formatByteSize(DEFAULT_MAX_BYTES)}); a cut result says so on ` +
        `stderr, with how to page. --timeout-ms (default ${DEFAULT_QUERY_TIMEOUT_MS}) is a hard limit: a ` +
        'query still running is killed. On a terminal, table output is fitted to its width.',
    )
    .argument('<SQL>', 'one read-only statement (quote it)')
    .requiredOption('--db <PATH>', 'the mirror database')
    .addOption(
      new Option('--format <table|json|ndjson|csv>', 'how to print the rows')
        .choices(QUERY_FORMATS)
        .default('table'),
    )
    .addOption(repeatableOption('--param <VALUE>', 'a value for the next ? placeholder, as text', (v) => v))
    .option('--limit <N>', 'rows at most', positiveInteger(), DEFAULT_ROW_LIMIT)
    .option('--max-bytes <N>', 'bytes of rows (as JSON) at most', positiveInteger(), DEFAULT_MAX_BYTES)
    .option(
      '--timeout-ms <N>',
      'time limit; a query still running is killed',
      timerMs,
      DEFAULT_QUERY_TIMEOUT_MS,
    )
    .action(async (sql, flags) => {
      await run({
        db: flags.db,
        sql,
        format: flags.format,
        params: flags.param ?? [],
        rowLimit: flags.limit,
        maxBytes: flags.maxBytes,
        timeoutMs: flags.timeoutMs,
      });
    });
