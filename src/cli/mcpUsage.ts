import { DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_LIMIT } from '../query/QueryOptions.js';
import { DEFAULT_MCP_MAX_BYTES } from '../mcp/DEFAULT_MCP_MAX_BYTES.js';

export const MCP_USAGE = `oxide-mirror mcp --db PATH [--row-limit N] [--max-bytes N] [--timeout-ms N]
  Serves the mirror to agents over the Model Context Protocol on stdin/stdout: tools list_resources,
  describe_resource and query (read-only; at most --row-limit rows, default ${DEFAULT_ROW_LIMIT}, and --max-bytes
  of JSON, default ${DEFAULT_MCP_MAX_BYTES}, per call; --timeout-ms, default ${DEFAULT_QUERY_TIMEOUT_MS}, is a hard limit).
  Runs until stdin closes. Only protocol on stdout; logs on stderr.`;
