import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from '../support/cli.js';
import { useHttpServers } from '../support/httpServer.js';
import { makeRecords, recordsApi } from '../support/recordsApi.js';
import { runOnTerminal, screenLines, type TerminalSize } from '../support/terminalScreen.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
const serve = useHttpServers();

const TERMINAL: TerminalSize = { cols: 160, rows: 30 };

describe('oxide-mirror sync on a terminal: log lines while the progress is live', () => {
  it('writes every log line whole above the progress region; no redraw erases or overwrites one', async () => {
    const records = makeRecords(60);
    const api = recordsApi(() => records, 'cursor', 3);
    const seen = new Set<string>();
    const refused: string[] = [];
    // Each page is refused once (503, retried at once), then served a little later: 20 warnings
    // logged over a second or more, while the progress table is redrawn every 250 ms.
    const server = await serve(async (req, res) => {
      const url = req.url ?? '';
      if (!seen.has(url)) {
        seen.add(url);
        refused.push(url);
        res.writeHead(503, { 'retry-after': '0' }).end('busy');
        return;
      }
      await sleep(40);
      api(req, res);
    });
    const dir = tmp.path('project');
    mkdirSync(dir);
    const config = join(dir, 'mirror.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        db: 'mirror.db',
        sources: [
          {
            id: 'crm',
            type: 'http',
            baseUrl: server.url,
            retry: { limit: 2 },
            resources: [
              {
                name: 'contacts',
                url: '/items',
                items: 'data',
                id: 'id',
                occurredAt: 'updated_at',
                paging: { type: 'cursor', next: 'meta.next' },
              },
            ],
          },
        ],
      }),
    );
    const { status, output } = await runOnTerminal(
      `'${process.execPath}' '${CLI}' sync --config '${config}' --once`,
      TERMINAL,
      { OXIDE_MIRROR_LOG_LEVEL: 'warn' },
    );
    const screen = await screenLines(output, TERMINAL);
    expect(status).toBe(0);
    expect(refused).toHaveLength(20);
    // pino-pretty's lines: the message line, then one indented line per field, in this order.
    const headlines = screen.flatMap((line, i) => (line.includes('request failed; retrying') ? [i] : []));
    expect(headlines).toHaveLength(refused.length);
    const blocks = headlines.map((i) => screen.slice(i, i + 9));
    const fields = ['source', 'resource', 'url', 'kind', 'status', 'attempt', 'delayMs', 'reason'];
    for (const [headline, ...rest] of blocks) {
      expect(headline).toMatch(/^\[[^\]]+\] WARN \(\d+\): request failed; retrying$/);
      expect(rest.map((line) => /^ {4}(\w+): /.exec(line)?.[1])).toEqual(fields);
      expect(rest.slice(3)).toEqual([
        '    kind: "status"',
        '    status: 503',
        '    attempt: 1',
        '    delayMs: 0',
        '    reason: "HTTP 503 Service Unavailable: busy"',
      ]);
    }
    expect(blocks.map((block) => block[3]?.trim()).sort()).toEqual(
      refused.map((url) => `url: "${server.url}${url}"`).sort(),
    );
    // Each redraw replaced the table it drew: one table is left, the last, below the last log line.
    const tables = screen.flatMap((line, i) => (/^source\s+pulled\s+applied/.test(line) ? [i] : []));
    expect(tables).toHaveLength(1);
    expect(tables[0]).toBeGreaterThan(headlines.at(-1) ?? Infinity);
    // The report, whole, at the end.
    expect(screen.join('\n')).toMatch(/total\s+60\s+60\s+0\s+0\s+0\s+0\s+0\n/);
  });
});
