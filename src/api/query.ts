/**
 * `oxide-mirror/query`: the read side's limits and defaults, the text formatters the CLI prints results
 * with, and the pieces of discovery, for building a reader or an agent tool of your own.
 */
export { DEFAULT_ROW_LIMIT, DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_MAX_BYTES } from '../query/QueryOptions.js';
export { DEFAULT_WORKER_START_TIMEOUT_MS } from '../queryProcess/openQueryProcess.js';
export { formatTable } from '../format/formatTable.js';
export { formatCsv } from '../format/formatCsv.js';
export { formatJson } from '../format/formatJson.js';
export { formatNdjson } from '../format/formatNdjson.js';
export { formatMirrorDescription } from '../discovery/formatMirrorDescription.js';
export { DESCRIBE_SAMPLE_SIZE } from '../discovery/MirrorDescription.js';
export { DEFAULT_MCP_MAX_BYTES } from '../mcp/MirrorMcpServerOptions.js';
export {
  formatJsonEnvelope,
  type JsonEnvelope,
  type JsonEnvelopeTruncation,
} from '../format/formatJsonEnvelope.js';
export { formatExpanded, type FormatExpandedOptions } from '../format/formatExpanded.js';
export {
  formatTableForTerminal,
  MIN_READABLE_COLUMN_WIDTH,
  type FormatTableForTerminalOptions,
} from '../format/formatTableForTerminal.js';
export { EXIT_RESULT_TRUNCATED } from '../query/QueryResult.js';
export { parameterFromArgument, type ParameterArgumentKind } from '../query/parameterFromArgument.js';
export { readSqlArgument, type SqlArgument } from '../query/readSqlArgument.js';
