import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { CLI, runCli } from '../support/cli.js';
import { deltaLines } from '../support/ndjson.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
const BOM = '\ufeff';

describe('oxide-mirror ingest: what it says about its input (the real built CLI)', () => {
  it('refuses an input file that does not exist (exit 2, naming it) before creating any database', () => {
    const db = tmp.path('m.db');
    const missing = tmp.path('nope.ndjson');
    const r = runCli(['ingest', missing, '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `oxide-mirror: input file ${missing} does not exist\nsee: oxide-mirror ingest --help\n`,
    );
    expect(existsSync(db)).toBe(false);
  });

  it('skips a UTF-8 byte order mark at the start of a file and of stdin', () => {
    const lines = deltaLines(3, 3);
    const file = tmp.path('bom.ndjson');
    writeFileSync(file, `${BOM}${lines.join('\n')}\n`);
    for (const [input, options] of [
      [file, {}],
      ['-', { input: `${BOM}${lines.join('\n')}\n` }],
    ] as const) {
      const r = runCli(
        ['ingest', input, '--db', tmp.path(`m-${input === '-' ? 'stdin' : 'file'}.db`), '--json'],
        options,
      );
      expect(r.status).toBe(0);
      expect((JSON.parse(r.stdout) as SyncReport).total).toMatchObject({ applied: 3, rejected: 0 });
      expect(r.stderr).toBe('');
    }
  });

  it('says that a JSON array is not NDJSON, and how to make it so', () => {
    const file = tmp.path('deltas.json');
    writeFileSync(file, `[\n${deltaLines(2, 2).join(',\n')}\n]\n`);
    const r = runCli(['ingest', file, '--db', tmp.path('m.db')]);
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      "line 1: looks like a JSON array; ingest reads NDJSON: one delta object per line (jq -c '.[]' file.json > file.ndjson)",
    );
  });

  it('prints the first 5 rejected lines with their numbers and reasons, then the count and where the rest are', () => {
    const good = deltaLines(3, 3);
    const db = tmp.path('m.db');
    const input = [good[0], ...Array.from({ length: 7 }, (_, i) => `{"bad":${i}`), good[1], good[2]].join(
      '\n',
    );
    const r = runCli(['ingest', '-', '--db', db], { input });
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).map((l) => l.split(':')[0])).toEqual([
      'line 2',
      'line 3',
      'line 4',
      'line 5',
      'line 6',
    ]);
    expect(lines[0]).toMatch(/^line 2: not valid JSON/);
    expect(lines[5]).toBe(
      `oxide-mirror: 7 malformed line(s) rejected; see: oxide-mirror query --db ${db} "SELECT location, issues FROM mirror_rejects"`,
    );
  });

  it('an OXIDE_MIRROR_LOG_LEVEL that is not a level is a usage error naming the levels', () => {
    const r = spawnSync(process.execPath, [CLI, 'ingest', '-', '--db', tmp.path('m.db')], {
      input: '',
      encoding: 'utf8',
      env: { ...process.env, OXIDE_MIRROR_LOG_LEVEL: 'verbose' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'oxide-mirror: OXIDE_MIRROR_LOG_LEVEL="verbose" is not a log level; use one of: fatal, error, warn, info, debug, trace, silent\n' +
        'see: oxide-mirror ingest --help\n',
    );
    expect(existsSync(tmp.path('m.db'))).toBe(false);
  });
});
