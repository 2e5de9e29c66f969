import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MigrationError } from '../../src/errors/MigrationError.js';
import { StorageCorruptError } from '../../src/errors/StorageCorruptError.js';
import { migrate } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { useTempDir } from '../support/tempDir.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const tmp = useTempDir();

describe('openStore', () => {
  it('applies the migrations, records the version, and re-opening is a no-op (original #14)', () => {
    const path = tmp.path('m.db');
    const first = openStore({ path });
    expect(first.schemaVersion).toBe(MIGRATIONS.length);
    first.close();
    const db = new Database(path);
    expect(migrate(db).applied).toEqual([]);
    expect(db.prepare('SELECT version, name FROM mirror_schema_migrations').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    db.close();
    openStore({ path }).close();
  });

  it('opens a file in WAL mode and an in-memory mirror with the same schema', () => {
    const file = openStore({ path: tmp.path('m.db') });
    expect(connectionOf(file).pragma('journal_mode', { simple: true })).toBe('wal');
    const memory = openStore({ path: IN_MEMORY });
    const tables = (s: typeof file) =>
      connectionOf(s)
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
    expect(tables(memory)).toEqual(tables(file));
    expect(tables(file)).toEqual(
      expect.arrayContaining([
        'mirror_cursors',
        'mirror_events',
        'mirror_records',
        'mirror_rejects',
        'mirror_resources',
        'mirror_schema_migrations',
      ]),
    );
    file.close();
    memory.close();
  });

  it('migrates a database created at every historical schema version', () => {
    for (let version = 0; version <= MIGRATIONS.length; version++) {
      const path = tmp.path(`v${version}.db`);
      const db = new Database(path);
      migrate(db, MIGRATIONS.slice(0, version));
      db.close();
      const store = openStore({ path });
      expect(store.schemaVersion).toBe(MIGRATIONS.length);
      store.close();
    }
  });

  it('refuses a database migrated by a newer version, naming the unknown migration', () => {
    const path = tmp.path('m.db');
    openStore({ path }).close();
    const db = new Database(path);
    db.prepare('INSERT INTO mirror_schema_migrations VALUES (?, ?, ?)').run(99, '0099_future', 'x');
    db.close();
    expect(() => openStore({ path })).toThrow(MigrationError);
    expect(() => openStore({ path })).toThrow(
      /migration 99 0099_future: this database was migrated by a newer oxide-mirror/,
    );
  });

  it('refuses a history that does not match, naming the expected migration', () => {
    const db = new Database(tmp.path('m.db'));
    db.exec(
      "CREATE TABLE mirror_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO mirror_schema_migrations VALUES (1, 'something_else', 'x')",
    );
    expect(() => migrate(db)).toThrow(
      /migration 1 0001_initial: history mismatch: the database records 1 something_else/,
    );
    db.close();
  });

  it('fails with a StorageCorruptError, not an empty mirror, on a file that is not a database', () => {
    const path = tmp.path('garbage.db');
    writeFileSync(path, 'this is not a database'.repeat(500));
    expect(() => openStore({ path })).toThrow(StorageCorruptError);
    expect(() => openStore({ path })).toThrow(
      /opening the mirror database failed on .*garbage\.db: the file is not a SQLite database \(file is not a database\)/,
    );
  });
});
