import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/**
 * The `mirror_batches` row of a transaction that logs deltas: `open` adds it, committed at `committedAt`,
 * and returns its number, which each of its events carries; `drop` removes it again when the transaction
 * ended up logging none (every delta refused), so that every batch row has events.
 */
export interface BatchRows {
  readonly open: (committedAt: string) => number;
  readonly drop: (batch: number) => void;
}

export const prepareBatchRows = (db: Database.Database): BatchRows => {
  const insert = db.prepare<[string]>(`INSERT INTO ${TABLES.batches} (committed_at) VALUES (?)`);
  const remove = db.prepare<[number]>(`DELETE FROM ${TABLES.batches} WHERE batch = ?`);
  return {
    open: (committedAt) => Number(insert.run(committedAt).lastInsertRowid),
    drop: (batch) => {
      remove.run(batch);
    },
  };
};
