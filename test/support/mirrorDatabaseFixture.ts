import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/** A temp dir holding one mirror database file, and the writer connection that created it. */
export interface MirrorDatabaseFixture {
  readonly dir: string;
  readonly dbPath: string;
  /** The WAL writer, open until {@link MirrorDatabaseFixture.closeWriter} or cleanup. */
  readonly writer: Database.Database;
  closeWriter(): void;
  /** Closes the writer if open, deletes the database with its -wal and -shm files, then the dir. */
  cleanup(): void;
}

export interface SeedRecord {
  readonly resource: string;
  readonly recordId: string;
  readonly payload: unknown;
  readonly version: number;
}

export const SEED_RECORDS: readonly SeedRecord[] = [
  {
    resource: 'users',
    recordId: 'u1',
    payload: {
      name: 'Ada',
      age: 36,
      score: 9.5,
      active: true,
      address: { city: 'London' },
      tags: ['a', 'b'],
    },
    version: 1,
  },
  {
    resource: 'users',
    recordId: 'u2',
    payload: { name: 'Grace', age: 45, score: 7.25, active: false, address: { city: 'Arlington' }, tags: [] },
    version: 2,
  },
  { resource: 'orders', recordId: 'o1', payload: { total: 12.5, note: 'it\'s, "quoted"' }, version: 1 },
];

/**
 * Creates `mirror.db` in a fresh temp dir with better-sqlite3 directly: WAL journal, a small
 * `mirror_records` table seeded with {@link SEED_RECORDS}. The writer connection stays open.
 */
export const createMirrorDatabase = (): MirrorDatabaseFixture => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxide-query-'));
  const dbPath = path.join(dir, 'mirror.db');
  const writer = new Database(dbPath);
  writer.pragma('journal_mode = WAL');
  writer.exec(`
    CREATE TABLE mirror_records (
      resource TEXT NOT NULL,
      record_id TEXT NOT NULL,
      payload TEXT NOT NULL,
      version INTEGER NOT NULL,
      PRIMARY KEY (resource, record_id)
    );
    CREATE VIEW users AS
      SELECT record_id, json_extract(payload, '$.name') AS name, json_extract(payload, '$.age') AS age
      FROM mirror_records WHERE resource = 'users';
  `);
  const insert = writer.prepare(
    'INSERT INTO mirror_records (resource, record_id, payload, version) VALUES (?, ?, ?, ?)',
  );
  writer.transaction(() => {
    for (const r of SEED_RECORDS) insert.run(r.resource, r.recordId, JSON.stringify(r.payload), r.version);
  })();
  return {
    dir,
    dbPath,
    writer,
    closeWriter: () => {
      if (writer.open) writer.close();
    },
    cleanup: () => {
      if (writer.open) writer.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Everything a hostile statement could have changed, read through a fresh second connection. */
export interface DatabaseSnapshot {
  readonly records: unknown[];
  readonly schema: unknown[];
  readonly userVersion: unknown;
  readonly journalMode: unknown;
  readonly files: string[];
}

export const snapshotDatabase = (fixture: MirrorDatabaseFixture): DatabaseSnapshot => {
  const second = new Database(fixture.dbPath, { fileMustExist: true });
  try {
    return {
      records: second.prepare('SELECT * FROM mirror_records ORDER BY resource, record_id').all(),
      schema: second.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name').all(),
      userVersion: second.pragma('user_version', { simple: true }),
      journalMode: second.pragma('journal_mode', { simple: true }),
      files: fs.readdirSync(fixture.dir).sort(),
    };
  } finally {
    second.close();
  }
};
