import { existsSync } from 'node:fs';
import type { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LosslessNumber } from 'lossless-json';
import { openStore } from '../../src/store/openStore.js';
import { buildAgentMirror, AGENT_MIRROR_OVERVIEW } from '../support/agentMirror.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { CLI } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

/** The text of a tool result's single text content. */
const textOf = (result: unknown): string => {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  expect(content).toHaveLength(1);
  expect(content[0]?.type).toBe('text');
  return content[0]?.text ?? '';
};
const jsonOf = (result: unknown): Record<string, unknown> =>
  JSON.parse(textOf(result)) as Record<string, unknown>;
const isError = (result: unknown): boolean => (result as { isError?: boolean }).isError === true;

const tmp = useTempDir();

interface Session {
  readonly client: Client;
  readonly stderr: () => string;
  readonly transportErrors: Error[];
  close(): Promise<number>;
}

/** The SDK's own client, spawning the real built server: `node dist/cli/main.js mcp --db …`. */
const connect = async (args: readonly string[]): Promise<Session> => {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    stderr: 'pipe',
    env: { ...(process.env as Record<string, string>), OXIDE_MIRROR_LOG_LEVEL: 'info' },
  });
  let stderr = '';
  (transport.stderr as PassThrough | null)?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'oxide-mirror-test', version: '1.0.0' });
  await client.connect(transport);
  // Anything but JSON-RPC on the server's stdout would show up here.
  transport.onerror = (err) => transportErrors.push(err);
  return {
    client,
    stderr: () => stderr,
    transportErrors,
    close: async () => {
      const started = performance.now();
      await client.close();
      return performance.now() - started;
    },
  };
};

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('oxide-mirror mcp (the SDK client against the real server process)', () => {
  it('lists three read-only tools whose descriptions teach how to use the mirror', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    session = await connect(['--db', db]);
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['describe_resource', 'list_resources', 'query']);
    const query = tools.find((t) => t.name === 'query')!;
    expect(query.description).toMatch(/ONE read-only SQLite statement/);
    expect(query.description).toMatch(/_source/);
    expect(query.description).toMatch(/json_extract/);
    expect(query.description).toMatch(/truncated/);
    expect(query.description).toMatch(/1000 rows and 64 KiB of JSON per call, and 5000 ms/);
    expect(Object.keys(query.inputSchema.properties ?? {})).toEqual(['sql', 'params', 'row_limit']);
    expect(query.inputSchema.required).toEqual(['sql']);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(tools.find((t) => t.name === 'describe_resource')?.inputSchema.required).toEqual(['resource']);
    expect(session.client.getInstructions()).toMatch(/list_resources .*describe_resource .*query/s);
    expect(session.client.getServerVersion()).toMatchObject({ name: 'oxide-mirror' });
  });

  it('list_resources gives each resource’s view, count and columns', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    session = await connect(['--db', db]);
    const listed = jsonOf(await session.client.callTool({ name: 'list_resources', arguments: {} }));
    expect(listed.resources).toEqual(AGENT_MIRROR_OVERVIEW);
    expect(listed.guide).toMatch(/json_extract/);
  });

  it('describe_resource gives columns with types, examples and sources; an unknown name is a tool error', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    session = await connect(['--db', db]);
    const text = textOf(
      await session.client.callTool({ name: 'describe_resource', arguments: { resource: 'contacts' } }),
    );
    expect(text.split('\n')[0]).toBe(
      'contacts: view contacts, 3 records (types and examples from all of them)',
    );
    expect(text).toMatch(/^ {2}address +object\|null +\{"city":"Arlington"\} +crm$/m);
    expect(text).toMatch(/^ {2}active +boolean\|null +1 +billing$/m);
    expect(text).toMatch(/^ {4}billing +1 record +last synced /m);
    expect(text).not.toContain('tickets');

    const unknown = await session.client.callTool({
      name: 'describe_resource',
      arguments: { resource: 'contact' },
    });
    expect(isError(unknown)).toBe(true);
    expect(textOf(unknown)).toBe('no resource "contact" in this mirror; it has: contacts, invoices, tickets');
  });

  it('query joins two resources’ views with bound parameters', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    session = await connect(['--db', db]);
    const result = await session.client.callTool({
      name: 'query',
      arguments: {
        sql: `SELECT c.name, c._source AS contact_source, count(t.record_id) AS open_tickets
                FROM contacts c JOIN tickets t ON t.contact_id = c.record_id
               WHERE t.status = ? GROUP BY c.record_id ORDER BY c.name`,
        params: ['open'],
      },
    });
    expect(isError(result)).toBe(false);
    expect(jsonOf(result)).toEqual({
      columns: ['name', 'contact_source', 'open_tickets'],
      rows: [{ name: 'Ada Lovelace', contact_source: 'crm', open_tickets: 2 }],
      row_count: 1,
      truncated: false,
    });
    const named = await session.client.callTool({
      name: 'query',
      arguments: {
        sql: "SELECT i.record_id, i.total, json_extract(i.lines, '$[0].sku') AS sku FROM invoices i JOIN contacts c ON c.record_id = i.contact_id WHERE c.f_plan = :plan",
        params: { plan: 'pro' },
      },
    });
    expect(jsonOf(named).rows).toEqual([
      { record_id: 'i1', total: 120.5, sku: 'pro' },
      { record_id: 'i2', total: 99, sku: null },
    ]);
  });

  it('query and describe_resource keep every digit of numbers beyond a double (issue 10.3)', async () => {
    const db = tmp.path('m.db');
    const store = openStore({ path: db });
    await sync(store, {
      s: [
        up('pets', 'p1', {
          id: 12345678901234567890n,
          snowflake: 1234567890123456789n,
          pi: new LosslessNumber('3.14159265358979323846'),
          owner: { id: 12345678901234567890n },
        }),
      ],
    });
    store.close();
    session = await connect(['--db', db]);
    const result = await session.client.callTool({
      name: 'query',
      arguments: {
        sql: "SELECT id, snowflake, pi, json_extract(owner, '$.id') AS rounded, owner ->> '$.id' AS also, owner -> '$.id' AS exact, owner FROM pets",
      },
    });
    expect(isError(result)).toBe(false);
    expect(jsonOf(result).rows).toEqual([
      {
        id: '12345678901234567890',
        snowflake: '1234567890123456789',
        pi: '3.14159265358979323846',
        // Inside an object, json_extract and ->> read SQLite's REAL, rounded; -> gives the exact digits.
        rounded: 12345678901234567000,
        also: 12345678901234567000,
        exact: '12345678901234567890',
        owner: '{"id":12345678901234567890}',
      },
    ]);
    const described = textOf(
      await session.client.callTool({ name: 'describe_resource', arguments: { resource: 'pets' } }),
    );
    expect(described).toContain('"12345678901234567890"');
    expect(described).toContain('"3.14159265358979323846"');
  });

  it('refuses a DROP as a tool error with the reason, and the server keeps serving', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    session = await connect(['--db', db]);
    const dropped = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'DROP VIEW contacts' },
    });
    expect(isError(dropped)).toBe(true);
    expect(textOf(dropped)).toMatch(/^query refused: .*writes.* \[QUERY_REFUSED\]$/);
    const twoStatements = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'SELECT 1; SELECT 2' },
    });
    expect(textOf(twoStatements)).toBe('query refused: only one statement per call [QUERY_REFUSED]');
    const typo = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'SELECT nme FROM contacts' },
    });
    expect(isError(typo)).toBe(true);
    expect(textOf(typo)).toBe('query failed: no such column: nme [QUERY_FAILED]');
    const count = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'SELECT count(*) AS n FROM contacts' },
    });
    expect(jsonOf(count).rows).toEqual([{ n: 3 }]);
  });

  it('says when a result was truncated, by what, and how to page', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    session = await connect(['--db', db, '--row-limit', '2']);
    const byRows = jsonOf(
      await session.client.callTool({
        name: 'query',
        arguments: { sql: 'SELECT record_id FROM tickets ORDER BY record_id' },
      }),
    );
    expect(byRows).toMatchObject({
      rows: [{ record_id: 't1' }, { record_id: 't2' }],
      row_count: 2,
      truncated: true,
      truncated_by: 'rows',
      hint: expect.stringContaining('LIMIT 2 OFFSET 2'),
    });
    const fewer = jsonOf(
      await session.client.callTool({
        name: 'query',
        arguments: { sql: 'SELECT record_id FROM tickets', row_limit: 1 },
      }),
    );
    expect(fewer).toMatchObject({ row_count: 1, truncated: true });
    const byBytes = jsonOf(
      await session.client.callTool({
        name: 'query',
        arguments: { sql: "SELECT printf('%.*c', 100000, 'x') AS huge" },
      }),
    );
    expect(byBytes).toMatchObject({ rows: [], row_count: 0, truncated: true, truncated_by: 'bytes' });
    expect(byBytes.hint).toMatch(/larger than the 64 KiB byte cap: select fewer or narrower columns/);
  });

  it('stops a runaway query at --timeout-ms as a tool error; the next call works; nothing but protocol on stdout', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    session = await connect(['--db', db, '--timeout-ms', '500']);
    const started = performance.now();
    const runaway = await session.client.callTool({
      name: 'query',
      arguments: {
        sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
      },
    });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(isError(runaway)).toBe(true);
    expect(textOf(runaway)).toMatch(/^query exceeded its time limit of 500 ms and was stopped/);
    const next = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'SELECT count(*) AS n FROM tickets' },
    });
    expect(jsonOf(next).rows).toEqual([{ n: 3 }]);
    expect(session.transportErrors).toEqual([]);
    // logs went to stderr, as pino JSON lines
    expect(session.stderr()).toMatch(/"msg":"mcp server ready on stdio"/);
    // closing stdin ends the server promptly (the client would SIGTERM it after 2 s)
    const closing = await session.close();
    session = undefined;
    expect(closing).toBeLessThan(1900);
  });
});
