import type Database from 'better-sqlite3';
import type { MirroredRecord } from '../../model/MirroredRecord.js';
import { RECORD_COLUMNS, tupleToMirroredRecord, type RecordTuple } from './rows.js';
import { TABLES } from '../tables.js';

export interface ListRecordsOptions {
  /** Return records whose id sorts after this one (keyset paging). */
  readonly after?: string;
  /** At most this many records. Default 1,000. */
  readonly limit?: number;
}

export type ListRecords = (resource: string, options?: ListRecordsOptions) => MirroredRecord[];

/** A resource's records in `record_id` order, a page at a time. */
export const prepareListRecords = (db: Database.Database): ListRecords => {
  // Raw mode, as in readRecord: rows are copied into records right away, so no per-row object first.
  const stmt = db
    .prepare<[string, string, number], RecordTuple>(
      `SELECT ${RECORD_COLUMNS} FROM ${TABLES.records}
        WHERE resource = ? AND record_id > ? ORDER BY record_id LIMIT ?`,
    )
    .raw();
  return (resource, options = {}) =>
    stmt.all(resource, options.after ?? '', options.limit ?? 1000).map(tupleToMirroredRecord);
};
