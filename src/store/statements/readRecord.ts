import type Database from 'better-sqlite3';
import type { MirroredRecord } from '../../model/MirroredRecord.js';
import { RECORD_COLUMNS, tupleToMirroredRecord, type RecordTuple } from './rows.js';
import { TABLES } from '../tables.js';

export type ReadRecord = (resource: string, recordId: string) => MirroredRecord | undefined;

export const prepareReadRecord = (db: Database.Database): ReadRecord => {
  // Raw mode: the row comes back as an array, not as an object with one property per column that
  // would be copied field by field into the record right away. The pipeline reads a record per delta.
  const stmt = db
    .prepare<[string, string], RecordTuple>(
      `SELECT ${RECORD_COLUMNS} FROM ${TABLES.records} WHERE resource = ? AND record_id = ?`,
    )
    .raw();
  return (resource, recordId) => {
    const row = stmt.get(resource, recordId);
    return row === undefined ? undefined : tupleToMirroredRecord(row);
  };
};
