/**
 * The options of {@link createMirrorMcpServer} and their defaults. Kept apart from the server so that
 * the CLI can print and apply the defaults without loading the MCP SDK (which adds ~0.3 s to a start).
 */
import type { Logger } from 'pino';
import type { MirrorQueryProcess } from '../queryProcess/MirrorQueryProcess.js';

/**
 * Bytes of rows one `query` tool call returns by default: 64 KiB of JSON, about 16k tokens, under the
 * ~25k-token cut MCP clients apply to a tool result (a cut there is silent; ours says how to page).
 */
export const DEFAULT_MCP_MAX_BYTES = 64 * 1024;

/** Options of {@link createMirrorMcpServer}. */
export interface MirrorMcpServerOptions {
  /** Where the tools run their statements ({@link openQueryProcess}); the caller closes it. */
  readonly service: MirrorQueryProcess;
  /** Most rows a `query` call returns (default {@link DEFAULT_ROW_LIMIT}); a call may ask for fewer. */
  readonly rowLimit?: number;
  /** Most bytes of rows, as JSON, a `query` call returns (default {@link DEFAULT_MCP_MAX_BYTES}). */
  readonly maxBytes?: number;
  /** Hard time limit of every tool call in milliseconds (default {@link DEFAULT_QUERY_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** Where tool failures are logged (never stdout: that is the protocol's). */
  readonly logger?: Logger;
}
