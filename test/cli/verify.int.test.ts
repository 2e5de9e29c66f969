import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { MirrorVerification } from '../../src/replay/verifyMirror.js';
import { runCli } from '../support/cli.js';
import { deltaLines } from '../support/ndjson.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** 2,000 deltas over 300 records (every 97th a delete): a mirror with records and tombstones. */
const mirror = (): string => {
  writeFileSync(tmp.path('in.ndjson'), `${deltaLines(2_000, 300).join('\n')}\n`);
  const db = tmp.path('m.db');
  expect(runCli(['ingest', tmp.path('in.ndjson'), '--db', db]).status).toBe(0);
  return db;
};

const tamper = (db: string, sql: string): void => {
  const c = new Database(db);
  try {
    expect(c.prepare(sql).run().changes).toBe(1);
  } finally {
    c.close();
  }
};

describe('oxide-mirror verify (the real CLI)', () => {
  it('says a mirror is consistent when its event log replays to exactly its records and tombstones', () => {
    const db = mirror();
    const c = new Database(db, { readonly: true });
    const [records, tombstones] = ['mirror_records', 'mirror_tombstones'].map(
      (t) => c.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number,
    );
    c.close();
    expect(tombstones).toBeGreaterThan(0);
    const run = runCli(['verify', '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${db}: consistent: the event log replays to exactly the stored state (2000 events, ${records} records, ${tombstones} tombstones)\n` +
        '  re-decided and checked: all 2000 events\n',
    );
  });

  it.each([
    [
      'a changed payload',
      "UPDATE mirror_records SET payload = '{\"n\":-1}' WHERE record_id = 'r5'",
      /mirror_records items\/r5: payload is "\{\\"n\\":-1\}", the log gives "\{.*\}"/,
    ],
    [
      'a lost tombstone',
      'DELETE FROM mirror_tombstones WHERE record_id = (SELECT min(record_id) FROM mirror_tombstones)',
      /mirror_tombstones items\/r\d+: the log produces it, but it is not stored/,
    ],
    [
      'a record no event wrote',
      "INSERT INTO mirror_records VALUES ('items', 'ghost', '{}', 'x', '2024-01-01', 1, 1, '2024-01-01', 'k', NULL)",
      /mirror_records items\/ghost: stored, but the log does not produce it/,
    ],
  ])('finds %s, lists it, and exits 1', (_, sql, difference) => {
    const db = mirror();
    tamper(db, sql);
    const run = runCli(['verify', '--db', db]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/: NOT consistent \(2000 events, \d+ records, \d+ tombstones\):\n/);
    expect(run.stdout).toMatch(difference);
    const json = JSON.parse(runCli(['verify', '--db', db, '--json']).stdout) as MirrorVerification;
    expect(json).toMatchObject({ ok: false, integrity: [], diverged: null });
    expect(json.differences).toHaveLength(1);
  });
});
