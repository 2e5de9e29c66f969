import { createRequire } from 'node:module';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { formatMirrorDescription, VIEW_GUIDE } from '../discovery/formatMirrorDescription.js';
import { isMirrorError } from '../errors/MirrorError.js';
import { DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_ROW_LIMIT } from '../query/QueryOptions.js';
import { formatByteSize } from '../query/truncationHint.js';
import { DEFAULT_MCP_MAX_BYTES, type MirrorMcpServerOptions } from './MirrorMcpServerOptions.js';

/** Columns `list_resources` names per resource; `describe_resource` has them all. */
const LISTED_COLUMNS = 60;

const packageVersion = (): string => {
  const pkg = createRequire(import.meta.url)('../../package.json') as unknown;
  const version =
    typeof pkg === 'object' && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
};

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });
const json = (value: unknown): CallToolResult => text(JSON.stringify(value));
const toolError = (message: string): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text: message }],
});

const INSTRUCTIONS = `oxide-mirror serves a local, read-only SQLite mirror of records synced from several services (a CRM, a helpdesk, billing…), so you can answer questions across them in SQL without calling each service.
Work in three steps: list_resources (what exists: one SQL view per resource, record counts, columns), describe_resource (one resource's column types, example values and sources), then query (one read-only SELECT; join views across services on shared fields).
${VIEW_GUIDE}
Results are bounded by rows, bytes and time; a cut result says truncated and how to page.`;

const bindValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * An MCP server (the official SDK's {@link McpServer}) exposing a mirror to agents through three
 * read-only tools, each run on `service` under its limits:
 * - `list_resources`: every resource with its view, live record count and columns;
 * - `describe_resource`: one resource's columns with types, examples and sources, and its sources' last sync;
 * - `query`: one read-only statement with bound parameters, bounded by rows, bytes and a hard time limit;
 *   a cut result says `truncated`, by what, and how to page.
 *
 * A refused statement, a failing query or an unknown resource is a tool result with `isError: true` and
 * the reason, for the agent to read and correct, never a protocol error. Connect it to a transport
 * (`StdioServerTransport` for `oxide-mirror mcp`).
 */
export const createMirrorMcpServer = (options: MirrorMcpServerOptions): McpServer => {
  const { service, logger } = options;
  const rowLimit = options.rowLimit ?? DEFAULT_ROW_LIMIT;
  const maxBytes = options.maxBytes ?? DEFAULT_MCP_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;

  const server = new McpServer(
    { name: 'oxide-mirror', version: packageVersion() },
    { instructions: INSTRUCTIONS, maxToolInputElements: 10_000 },
  );

  /** A typed failure becomes a tool error the agent can act on; anything else is logged too. */
  const failed = (tool: string, err: unknown): CallToolResult => {
    if (isMirrorError(err)) {
      logger?.debug({ err, tool }, 'tool call failed');
      return toolError(`${err.message} [${err.code}]`);
    }
    logger?.error({ err, tool }, 'tool call failed unexpectedly');
    return toolError(`unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  };

  const readOnly = { readOnlyHint: true, destructiveHint: false, openWorldHint: false } as const;

  server.registerTool(
    'list_resources',
    {
      title: 'List the mirrored resources',
      description:
        'Start here. Lists every resource (record type, e.g. contacts, tickets, invoices) in the mirror with ' +
        'the SQL view to query it, its live record count and the view columns. Each view has one row per ' +
        'live record: record_id, one column per top-level payload field, then _source, _confidence, ' +
        '_version, _synced_at. Call describe_resource for column types and example values.',
      annotations: { ...readOnly, idempotentHint: true },
    },
    async () => {
      try {
        const resources = await service.listResources({ timeoutMs });
        return json({
          resources: resources.map((r) => ({
            resource: r.resource,
            view: r.view,
            records: r.records,
            columns: r.columns.slice(0, LISTED_COLUMNS),
            ...(r.columns.length > LISTED_COLUMNS ? { more_columns: r.columns.length - LISTED_COLUMNS } : {}),
          })),
          guide: VIEW_GUIDE,
        });
      } catch (err) {
        return failed('list_resources', err);
      }
    },
  );

  server.registerTool(
    'describe_resource',
    {
      title: 'Describe one resource',
      description:
        'Describes one resource before you query it: its view and record count; for every view column its ' +
        'type (text, integer, real, boolean stored as 1/0, object or array stored as JSON text; "|null" ' +
        'when some records lack the field, e.g. one added later), up to three example values and the ' +
        'sources that fed it; and per source its record count and last sync time. Use the column names ' +
        'exactly as listed (a field named like a SQL keyword gets an f_ prefix; the payload field is shown).',
      inputSchema: {
        resource: z.string().min(1).describe('The resource name, as list_resources gives it.'),
      },
      annotations: { ...readOnly, idempotentHint: true },
    },
    async ({ resource }) => {
      try {
        const [description] = await service.describe(resource, { timeoutMs });
        if (description === undefined) {
          const known = (await service.listResources({ timeoutMs })).map((r) => r.resource);
          return toolError(
            `no resource ${JSON.stringify(resource)} in this mirror; ` +
              (known.length === 0 ? 'it has none yet' : `it has: ${known.join(', ')}`),
          );
        }
        return text(formatMirrorDescription([description]));
      } catch (err) {
        return failed('describe_resource', err);
      }
    },
  );

  server.registerTool(
    'query',
    {
      title: 'Run one read-only SQL query',
      description: `Runs ONE read-only SQLite statement (SELECT, WITH … SELECT, VALUES, EXPLAIN QUERY PLAN) on the mirror and returns {columns, rows, row_count, truncated} as JSON.
- Query the views list_resources names: SELECT record_id, name FROM contacts WHERE plan = 'pro'.
- Join services on shared fields: SELECT c.name, t.subject FROM contacts c JOIN tickets t ON t.contact_id = c.record_id.
- Objects and arrays are JSON text: json_extract(address, '$.city'), json_each(tags); booleans are 1/0.
- Numbers keep every digit: an integer beyond 2^53 comes back as a string of its digits; a number SQLite cannot hold exactly (an integer beyond 64 bits, more digits than a double keeps) is TEXT in its column.
- _source is the service the current version of a record came from, _confidence its confidence (0..1), _version its version, _synced_at when it was mirrored. Whole payloads: mirror_records (resource, record_id, payload).
- Pass values as params (? placeholders, or :name with an object), never spliced into the SQL.
- Writes, ATTACH, PRAGMA and several statements are refused.
- Bounded: at most ${rowLimit} rows and ${formatByteSize(maxBytes)} of JSON per call, and ${timeoutMs} ms (a query still running then is stopped). A cut result has truncated: true, truncated_by ("rows" or "bytes") and a hint: page with ORDER BY <key> LIMIT n OFFSET m, select fewer or narrower columns, or aggregate (count(*), GROUP BY) when you need numbers, not rows.`,
      inputSchema: {
        sql: z.string().min(1).describe('One read-only SQLite statement.'),
        params: z
          .union([z.array(bindValue), z.record(z.string(), bindValue)])
          .optional()
          .describe('Values for ? placeholders (an array, in order) or for :name placeholders (an object).'),
        row_limit: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(`Return at most this many rows (at most ${rowLimit}, the default).`),
      },
      annotations: { ...readOnly, idempotentHint: true },
    },
    async ({ sql, params, row_limit }) => {
      try {
        const result = await service.query(sql, params, {
          rowLimit: Math.min(row_limit ?? rowLimit, rowLimit),
          maxBytes,
          timeoutMs,
        });
        return json({
          columns: result.columns,
          rows: result.rows,
          row_count: result.rows.length,
          truncated: result.truncated,
          ...(result.truncated ? { truncated_by: result.truncatedBy, hint: result.hint } : {}),
        });
      } catch (err) {
        return failed('query', err);
      }
    },
  );

  return server;
};
