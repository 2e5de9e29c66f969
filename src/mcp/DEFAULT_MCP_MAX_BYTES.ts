/**
 * Bytes of rows one `query` tool call returns by default: 64 KiB of JSON, about 16k tokens, under the
 * ~25k-token cut MCP clients apply to a tool result (a cut there is silent; ours says how to page).
 */
export const DEFAULT_MCP_MAX_BYTES = 64 * 1024;
