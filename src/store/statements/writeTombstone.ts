import type Database from 'better-sqlite3';
import type { Tombstone } from '../../model/MirroredRecord.js';
import { TABLES } from '../tables.js';

/** Records (or replaces) the tombstone of a record deleted at `deletedAt` by the event `lastSeq`. */
export type WriteTombstone = (tombstone: Tombstone, deletedAt: string, lastSeq: number) => void;

export const prepareWriteTombstone = (db: Database.Database): WriteTombstone => {
  const stmt = db.prepare<[string, string, string, number, number, string, string, string, number]>(
    `INSERT INTO ${TABLES.tombstones} (resource, record_id, source, confidence, version, occurred_at, delta_key, deleted_at, last_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (resource, record_id) DO UPDATE SET
       source = excluded.source, confidence = excluded.confidence, version = excluded.version,
       occurred_at = excluded.occurred_at, delta_key = excluded.delta_key, deleted_at = excluded.deleted_at,
       last_seq = excluded.last_seq`,
  );
  return (t, deletedAt, lastSeq) => {
    stmt.run(
      t.resource,
      t.record_id,
      t.source,
      t.confidence,
      t.version,
      t.occurred_at,
      t.delta_key,
      deletedAt,
      lastSeq,
    );
  };
};
