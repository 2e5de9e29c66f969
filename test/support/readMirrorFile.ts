import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Reads a mirror database with a read-only connection of its own: `f`'s answer, or `fallback` when
 * the file does not exist yet or is not migrated yet (a process killed that early).
 */
export const readMirrorFile = <T>(db: string, fallback: T, f: (c: Database.Database) => T): T => {
  if (!existsSync(db)) return fallback;
  try {
    const c = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return f(c);
    } finally {
      c.close();
    }
  } catch {
    return fallback;
  }
};

/** How many events the mirror at `db` holds (0 before it exists). */
export const countEvents = (db: string): number =>
  readMirrorFile(db, 0, (c) => c.prepare('SELECT count(*) FROM mirror_events').pluck().get() as number);
