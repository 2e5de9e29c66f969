import type Database from 'better-sqlite3';

export interface TombstoneWrite {
  readonly resource: string;
  readonly record_id: string;
  readonly source: string;
  readonly confidence: number;
  readonly version: number;
  readonly occurred_at: string;
  readonly delta_key: string;
  readonly deleted_at: string;
}

export type WriteTombstone = (row: TombstoneWrite) => void;

/** Records (or replaces) the tombstone of a deleted record. */
export const prepareWriteTombstone = (db: Database.Database): WriteTombstone => {
  const stmt = db.prepare<[TombstoneWrite]>(
    `INSERT INTO mirror_tombstones (resource, record_id, source, confidence, version, occurred_at, delta_key, deleted_at)
     VALUES (@resource, @record_id, @source, @confidence, @version, @occurred_at, @delta_key, @deleted_at)
     ON CONFLICT (resource, record_id) DO UPDATE SET
       source = excluded.source, confidence = excluded.confidence, version = excluded.version,
       occurred_at = excluded.occurred_at, delta_key = excluded.delta_key, deleted_at = excluded.deleted_at`,
  );
  return (row) => {
    stmt.run(row);
  };
};
