import type Database from 'better-sqlite3';
import type { StateTable } from './stateRowsInKeyOrder.js';

/** How many rows a state table holds. */
export type CountRows = () => number;

export const prepareCountRows = (db: Database.Database, table: StateTable): CountRows => {
  const stmt = db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck();
  return () => stmt.get() ?? 0;
};
