import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { DEFAULT_MCP_MAX_BYTES } from '../mcp/MirrorMcpServerOptions.js';
import { DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_LIMIT } from '../query/QueryOptions.js';
import { openQueryProcess } from '../queryProcess/openQueryProcess.js';
import { CliUsageError } from './CliUsageError.js';
import { parsePositiveInteger } from './parsePositiveInteger.js';

export const MCP_USAGE = `oxide-mirror mcp --db PATH [--row-limit N] [--max-bytes N] [--timeout-ms N]
  Serves the mirror to agents over the Model Context Protocol on stdin/stdout: tools list_resources,
  describe_resource and query (read-only; at most --row-limit rows, default ${DEFAULT_ROW_LIMIT}, and --max-bytes
  of JSON, default ${DEFAULT_MCP_MAX_BYTES}, per call; --timeout-ms, default ${DEFAULT_QUERY_TIMEOUT_MS}, is a hard limit).
  Runs until stdin closes. Only protocol on stdout; logs on stderr.`;

/** The standard streams and signals the server lives on. */
export interface McpCommandContext {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly logger: Logger;
}

export const mcpCommand = async (args: readonly string[], context: McpCommandContext): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      'row-limit': { type: 'string' },
      'max-bytes': { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new CliUsageError('mcp takes no positional arguments');
  if (values.db === undefined) throw new CliUsageError('mcp needs --db PATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  const rowLimit = parsePositiveInteger('--row-limit', values['row-limit']) ?? DEFAULT_ROW_LIMIT;
  const maxBytes = parsePositiveInteger('--max-bytes', values['max-bytes']) ?? DEFAULT_MCP_MAX_BYTES;
  const timeoutMs = parsePositiveInteger('--timeout-ms', values['timeout-ms']) ?? DEFAULT_QUERY_TIMEOUT_MS;
  const logger = context.logger.child({ component: 'mcp' });

  // Loaded here, not at the top: the MCP SDK would add ~0.3 s to the start of every other command.
  const [{ StdioServerTransport }, { createMirrorMcpServer }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('../mcp/createMirrorMcpServer.js'),
  ]);
  const service = await openQueryProcess(values.db, { rowLimit, maxBytes, timeoutMs });
  const server = createMirrorMcpServer({ service, rowLimit, maxBytes, timeoutMs, logger });
  try {
    const stopped = new Promise<string>((resolve) => {
      context.stdin.once('end', () => resolve('stdin closed'));
      context.stdin.once('close', () => resolve('stdin closed'));
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await server.connect(new StdioServerTransport(context.stdin, context.stdout));
    logger.info({ db: values.db, rowLimit, maxBytes, timeoutMs }, 'mcp server ready on stdio');
    logger.info({ reason: await stopped }, 'mcp server stopping');
    return 0;
  } finally {
    await server.close();
    await service.close();
  }
};
