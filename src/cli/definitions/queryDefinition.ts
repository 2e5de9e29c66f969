import { Command, Option } from '@commander-js/extra-typings';
import { parameterFromArgument, type ParameterArgumentKind } from '../../query/parameterFromArgument.js';
import { DEFAULT_MAX_BYTES, DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_LIMIT } from '../../query/QueryOptions.js';
import { formatByteSize } from '../../query/truncationHint.js';
import { QUERY_FORMATS, type QueryCommandOptions } from '../queryCommand.js';
import { positiveInteger, timerMs } from './argumentParsers.js';
import type { RunCommand } from './RunCommand.js';

/** `oxide-mirror query`: its arguments, options and help. */
export const queryDefinition = (run: RunCommand<QueryCommandOptions>) => {
  // --param and --param-text fill one list, in command-line order (commander parses left to right).
  // A value that cannot be bound throws a QueryArgumentError, which runCli reports as wrong usage.
  const params: (string | number | bigint)[] = [];
  const parameter = (kind: ParameterArgumentKind) => (value: string) => {
    params.push(parameterFromArgument(value, kind));
    return params;
  };
  return new Command('query')
    .summary('run one read-only SQL statement, with bounded results')
    .description(
      'Runs one read-only statement on a separate read-only connection, in a child process. Writes, ' +
        'ATTACH, PRAGMA and multiple statements are refused. The SQL is the argument, a file (--file), or ' +
        'stdin (- or --file -). --param binds the next ? placeholder: a JSON number literal (1000, -2.5, ' +
        '1e3; integers keep all 64 bits) as a number, anything else as text; --param-text always as text. ' +
        `Results are bounded: --limit rows (default ${DEFAULT_ROW_LIMIT}), --max-bytes of rows as JSON ` +
        `(default ${DEFAULT_MAX_BYTES}, ${formatByteSize(DEFAULT_MAX_BYTES)}); a cut result says so on ` +
        `stderr, with how to page. --timeout-ms (default ${DEFAULT_QUERY_TIMEOUT_MS}) is a hard limit: a ` +
        'query still running is killed. On a terminal, table output is fitted to its width.',
    )
    .argument('[SQL]', 'one read-only statement (quote it), or - to read it from stdin')
    .requiredOption('--db <PATH>', 'the mirror database')
    .option('--file <PATH>', 'read the statement from a file (- for stdin) instead of the argument')
    .addOption(
      new Option('--format <table|expanded|json|json-envelope|ndjson|csv>', 'how to print the rows')
        .choices(QUERY_FORMATS)
        .default('table'),
    )
    .option(
      '--param <VALUE>',
      'a value for the next ? placeholder (a number if it is one)',
      parameter('auto'),
    )
    .option('--param-text <VALUE>', 'a value for the next ? placeholder, always as text', parameter('text'))
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
        sql: {
          ...(sql === undefined ? {} : { sql }),
          ...(flags.file === undefined ? {} : { file: flags.file }),
        },
        format: flags.format,
        params,
        rowLimit: flags.limit,
        maxBytes: flags.maxBytes,
        timeoutMs: flags.timeoutMs,
      });
    });
};
