import type Database from 'better-sqlite3';
import { MigrationError } from '../errors/MigrationError.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { TABLES } from './tables.js';

interface AppliedMigration {
  readonly version: number;
  readonly name: string;
}

export interface MigrateResult {
  readonly applied: readonly Migration[];
  readonly version: number;
}

/**
 * Brings the schema up to date: creates the bookkeeping table if needed, checks that the recorded
 * history is a prefix of {@link MIGRATIONS} (refusing, by name, a missing, renamed, reordered or
 * unknown step), then applies the pending steps in one immediate transaction. Idempotent.
 */
export const migrate = (
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrateResult => {
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLES.migrations} (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const run = db.transaction((): Migration[] => {
    const history = db
      .prepare(`SELECT version, name FROM ${TABLES.migrations} ORDER BY version`)
      .all() as AppliedMigration[];
    history.forEach((row, i) => {
      const expected = migrations[i];
      if (expected === undefined) {
        throw new MigrationError(
          `${row.version} ${row.name}`,
          'this database was migrated by a newer oxide-mirror; upgrade the library to open it',
        );
      }
      if (expected.version !== row.version || expected.name !== row.name) {
        throw new MigrationError(
          `${expected.version} ${expected.name}`,
          `history mismatch: the database records ${row.version} ${row.name} at this position`,
        );
      }
    });
    const pending = migrations.slice(history.length);
    const record = db.prepare(
      `INSERT INTO ${TABLES.migrations} (version, name, applied_at) VALUES (?, ?, ?)`,
    );
    for (const step of pending) {
      try {
        db.exec(step.sql);
      } catch (cause) {
        throw new MigrationError(`${step.version} ${step.name}`, 'failed to apply', { cause });
      }
      record.run(step.version, step.name, new Date().toISOString());
    }
    return pending;
  });
  const applied = run.immediate();
  return { applied, version: migrations[migrations.length - 1]?.version ?? 0 };
};
