import type Database from 'better-sqlite3';
import type { TABLES } from '../tables.js';

/** The two tables that hold a mirror's state, which replay must reproduce. */
export type StateTable = typeof TABLES.records | typeof TABLES.tombstones;

/** A row of a state table, every column, as SQLite returns it. */
export type StateRow = Record<string, unknown>;

/** Every row of a state table in key order (resource, record_id), one at a time. */
export type StateRowsInKeyOrder = () => IterableIterator<StateRow>;

export const prepareStateRowsInKeyOrder = (db: Database.Database, table: StateTable): StateRowsInKeyOrder => {
  const stmt = db.prepare<[], StateRow>(`SELECT * FROM ${table} ORDER BY resource, record_id`);
  return () => stmt.iterate();
};
