import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/**
 * Makes the event `seq` the head of its record's history (`last_seq` of the record or its tombstone)
 * when the event changed neither: a skip. A record with neither row keeps no head; its skipped events
 * are in the log with `prev_seq` NULL.
 */
export type MoveHistoryHead = (resource: string, recordId: string, seq: number) => void;

export const prepareMoveHistoryHead = (db: Database.Database): MoveHistoryHead => {
  const onRecord = db.prepare<[number, string, string]>(
    `UPDATE ${TABLES.records} SET last_seq = ? WHERE resource = ? AND record_id = ?`,
  );
  const onTombstone = db.prepare<[number, string, string]>(
    `UPDATE ${TABLES.tombstones} SET last_seq = ? WHERE resource = ? AND record_id = ?`,
  );
  return (resource, recordId, seq) => {
    if (onRecord.run(seq, resource, recordId).changes === 0) onTombstone.run(seq, resource, recordId);
  };
};
