import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
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

  it('writes the same mirror with --writer thread and --writer inline (the default); another writer is usage', () => {
    const file = tmp.path('in.ndjson');
    writeFileSync(file, `${[...deltaLines(1500, 40), '{"oops"'].join('\n')}\n`);
    const dump = (db: string): unknown => {
      const c = new Database(db, { readonly: true });
      try {
        return [
          c
            .prepare('SELECT seq, delta_key, version, decision, prev_seq FROM mirror_events ORDER BY seq')
            .all(),
          c
            .prepare(
              'SELECT resource, record_id, payload, version, last_seq FROM mirror_records ORDER BY 1, 2',
            )
            .all(),
          c.prepare('SELECT kind, location FROM mirror_rejects').all(),
          c.prepare('SELECT source, resource, cursor FROM mirror_cursors').all(),
        ];
      } finally {
        c.close();
      }
    };
    const reports = (['thread', 'inline', undefined] as const).map((writer) => {
      const r = runCli([
        'ingest',
        file,
        '--db',
        tmp.path(`${writer ?? 'default'}.db`),
        '--batch-size',
        '100',
        '--json',
        ...(writer === undefined ? [] : ['--writer', writer]),
      ]);
      expect({ status: r.status, stderr: r.stderr.split('\n')[0] }).toEqual({
        status: 0,
        stderr: expect.stringMatching(/^line 1501: not valid JSON/) as unknown,
      });
      return (JSON.parse(r.stdout) as SyncReport).total;
    });
    expect(reports[0]).toMatchObject({ applied: 1500, rejected: 1 });
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
    expect(dump(tmp.path('thread.db'))).toEqual(dump(tmp.path('inline.db')));
    expect(dump(tmp.path('default.db'))).toEqual(dump(tmp.path('inline.db')));

    const wrong = runCli(['ingest', file, '--db', tmp.path('x.db'), '--writer', 'threads']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--writer.*threads.*inline, thread/s);
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
