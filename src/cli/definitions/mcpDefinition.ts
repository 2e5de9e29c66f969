import { Command } from '@commander-js/extra-typings';
import { DEFAULT_MCP_MAX_BYTES } from '../../mcp/MirrorMcpServerOptions.js';
import { DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_LIMIT } from '../../query/QueryOptions.js';
import type { McpCommandOptions } from '../mcpCommand.js';
import { positiveInteger, timerMs } from './argumentParsers.js';
import type { RunCommand } from './RunCommand.js';

/** `oxide-mirror mcp`: its options and help. */
export const mcpDefinition = (run: RunCommand<McpCommandOptions>) =>
  new Command('mcp')
    .summary('serve a mirror to agents over MCP on stdin/stdout')
    .description(
      'Serves the mirror to agents over the Model Context Protocol on stdin/stdout: tools ' +
        'list_resources, describe_resource and query (read-only; at most --row-limit rows and --max-bytes ' +
        'of JSON per call; --timeout-ms is a hard limit). Runs until stdin closes. Only protocol on ' +
        'stdout; logs on stderr.',
    )
    .requiredOption('--db <PATH>', 'the mirror database')
    .option('--row-limit <N>', 'rows per query call, at most', positiveInteger(), DEFAULT_ROW_LIMIT)
    .option(
      '--max-bytes <N>',
      'bytes of rows (as JSON) per call, at most',
      positiveInteger(),
      DEFAULT_MCP_MAX_BYTES,
    )
    .option('--timeout-ms <N>', 'time limit of a tool call', timerMs, DEFAULT_QUERY_TIMEOUT_MS)
    .action(async (flags) => {
      await run({
        db: flags.db,
        rowLimit: flags.rowLimit,
        maxBytes: flags.maxBytes,
        timeoutMs: flags.timeoutMs,
      });
    });
