import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { openStore } from '../../src/store/openStore.js';
import { runCli } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

const line = (id: string, v: number, minute: number): string =>
  JSON.stringify({
    resource: 'items',
    record_id: id,
    op: 'upsert',
    payload: { v },
    occurred_at: `2024-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
    provenance: { source: 's', confidence: 1 },
  });

/** A mirror whose store refuses any record with v = 13 (a trigger a user added), and an input with one. */
const setup = (): { db: string; file: string } => {
  const db = tmp.path('m.db');
  openStore({ path: db }).close();
  const raw = new Database(db);
  raw.exec(`CREATE TRIGGER no_13 BEFORE INSERT ON mirror_records WHEN json_extract(NEW.payload, '$.v') = 13
            BEGIN SELECT RAISE(ABORT, 'thirteen is refused here'); END`);
  raw.close();
  const file = tmp.path('in.ndjson');
  writeFileSync(file, `${[line('a', 1, 1), line('b', 13, 2), line('c', 3, 3)].join('\n')}\n`);
  return { db, file };
};

const rows = (db: string, sql: string): unknown[] => {
  const reader = new Database(db, { readonly: true });
  try {
    return reader.prepare(sql).all();
  } finally {
    reader.close();
  }
};

describe('ingest with a delta the store refuses (the real CLI process)', () => {
  it('keeps it in mirror_rejects as refused, applies the rest and exits 0', () => {
    const { db, file } = setup();
    const r = runCli(['ingest', file, '--db', db, '--json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as SyncReport).total).toMatchObject({ pulled: 3, applied: 2, refused: 1 });
    expect(rows(db, 'SELECT record_id FROM mirror_records ORDER BY record_id')).toEqual([
      { record_id: 'a' },
      { record_id: 'c' },
    ]);
    expect(rows(db, 'SELECT kind, location, issues FROM mirror_rejects')).toEqual([
      {
        kind: 'store',
        location: 'delta items/b',
        issues: expect.stringContaining('thirteen is refused here'),
      },
    ]);
  });

  it('with --on-refusal fail, stops with exit 1 and commits nothing of the batch', () => {
    const { db, file } = setup();
    const r = runCli(['ingest', file, '--db', db, '--on-refusal', 'fail']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('thirteen is refused here');
    expect(rows(db, 'SELECT count(*) AS n FROM mirror_events')).toEqual([{ n: 0 }]);
  });

  it('refuses an --on-refusal it does not know as wrong usage', () => {
    const { db, file } = setup();
    const r = runCli(['ingest', file, '--db', db, '--on-refusal', 'maybe']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "option '--on-refusal <record|fail>' argument 'maybe' is invalid. Allowed choices are record, fail.",
    );
  });
});
