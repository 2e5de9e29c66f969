import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { openQueryProcess } from '../queryProcess/openQueryProcess.js';
import { CliUsageError } from './CliUsageError.js';

/** `mcp`'s options, parsed and checked (`definitions/mcpDefinition.ts`). */
export interface McpCommandOptions {
  readonly db: string;
  readonly rowLimit: number;
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** The standard streams and signals the server lives on. */
export interface McpCommandContext {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly logger: Logger;
}

/** Serves a mirror over MCP on stdin/stdout until stdin closes or a signal comes; the exit code. */
export const runMcp = async (options: McpCommandOptions, context: McpCommandContext): Promise<number> => {
  const { db, rowLimit, maxBytes, timeoutMs } = options;
  if (!existsSync(db)) throw new CliUsageError(`--db ${db}: no such file`);
  const logger = context.logger.child({ component: 'mcp' });

  // Loaded here, not at the top: the MCP SDK would add ~0.3 s to the start of every other command.
  const [{ StdioServerTransport }, { createMirrorMcpServer }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('../mcp/createMirrorMcpServer.js'),
  ]);
  const service = await openQueryProcess(db, { rowLimit, maxBytes, timeoutMs });
  const server = createMirrorMcpServer({ service, rowLimit, maxBytes, timeoutMs, logger });
  try {
    const stopped = new Promise<string>((resolve) => {
      context.stdin.once('end', () => resolve('stdin closed'));
      context.stdin.once('close', () => resolve('stdin closed'));
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await server.connect(new StdioServerTransport(context.stdin, context.stdout));
    logger.info({ db, rowLimit, maxBytes, timeoutMs }, 'mcp server ready on stdio');
    logger.info({ reason: await stopped }, 'mcp server stopping');
    return 0;
  } finally {
    await server.close();
    await service.close();
  }
};
