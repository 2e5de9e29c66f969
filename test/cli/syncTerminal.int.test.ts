import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** A project whose config syncs one NDJSON file of `n` deltas. */
const project = (n: number): string => {
  const dir = tmp.path('project');
  mkdirSync(dir, { recursive: true });
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      resource: 'pets',
      record_id: `p${i}`,
      op: 'upsert',
      payload: { i },
      occurred_at: '2024-05-01T09:00:00Z',
      provenance: { source: 'shop', confidence: 1 },
    }),
  );
  writeFileSync(join(dir, 'pets.ndjson'), `${lines.join('\n')}\n`);
  const config = join(dir, 'mirror.config.json');
  writeFileSync(
    config,
    JSON.stringify({ db: 'mirror.db', sources: [{ id: 'shop', type: 'ndjson', path: 'pets.ndjson' }] }),
  );
  return config;
};

/** Runs `sync` under script(1), a pseudo-terminal with a size; what the terminal received. */
const syncOnTerminal = (config: string, logLevel: string): { status: number | null; screen: string } => {
  const command = `stty rows 40 cols 120; '${process.execPath}' '${CLI}' sync --config '${config}' --once`;
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, OXIDE_MIRROR_LOG_LEVEL: logLevel },
  });
  return { status: r.status, screen: r.stdout.replace(/\r/g, '') };
};

describe('oxide-mirror sync on a terminal (under script(1), a pseudo-terminal)', () => {
  it('writes logs as readable lines, not JSON, and ends with the whole report after the last redraw', () => {
    const { status, screen } = syncOnTerminal(project(500), 'info');
    expect(status).toBe(0);
    expect(screen).toMatch(/INFO.*\n/); // pino-pretty's level label
    expect(screen).not.toMatch(/\{"level":\d+/); // no pino JSON line
    const lastRedraw = Math.max(screen.lastIndexOf('\u001b[1A'), screen.lastIndexOf('\u001b[2K'));
    expect(screen.slice(lastRedraw)).toMatch(/total\s+500\s+500/);
  });

  it('refuses a log level that does not exist as wrong usage, naming the valid ones', () => {
    const { status, screen } = syncOnTerminal(project(1), 'loud');
    expect(status).toBe(2);
    expect(screen).toMatch(/OXIDE_MIRROR_LOG_LEVEL.*loud.*fatal.*error.*warn.*info.*debug.*trace.*silent/s);
  });
});
