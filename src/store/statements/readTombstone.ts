import type Database from 'better-sqlite3';
import type { Tombstone } from '../../model/MirroredRecord.js';
import { toTombstone, type TombstoneRow } from './rows.js';
import { TABLES } from '../tables.js';

export type ReadTombstone = (resource: string, recordId: string) => Tombstone | undefined;

export const prepareReadTombstone = (db: Database.Database): ReadTombstone => {
  const stmt = db.prepare<[string, string], TombstoneRow>(
    `SELECT resource, record_id, source, confidence, version, occurred_at, delta_key
       FROM ${TABLES.tombstones} WHERE resource = ? AND record_id = ?`,
  );
  return (resource, recordId) => {
    const row = stmt.get(resource, recordId);
    return row === undefined ? undefined : toTombstone(row);
  };
};
