import type Database from 'better-sqlite3';

/**
 * SQLite's `data_version` for this connection: it changes exactly when another connection commits to
 * the database file, so a writer that reads it after each commit knows whether it is the only one.
 */
export type DataVersion = () => number;

export const prepareDataVersion = (db: Database.Database): DataVersion => {
  const stmt = db.prepare<[], number>('PRAGMA data_version').pluck();
  return () => stmt.get() as number;
};
