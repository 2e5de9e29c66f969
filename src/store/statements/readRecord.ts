import type Database from 'better-sqlite3';
import type { MirroredRecord } from '../../model/MirroredRecord.js';
import { RECORD_COLUMNS, toMirroredRecord, type RecordRow } from './rows.js';

export type ReadRecord = (resource: string, recordId: string) => MirroredRecord | undefined;

export const prepareReadRecord = (db: Database.Database): ReadRecord => {
  const stmt = db.prepare<[string, string], RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM mirror_records WHERE resource = ? AND record_id = ?`,
  );
  return (resource, recordId) => {
    const row = stmt.get(resource, recordId);
    return row === undefined ? undefined : toMirroredRecord(row);
  };
};
