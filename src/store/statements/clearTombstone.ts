import type Database from 'better-sqlite3';

export type ClearTombstone = (resource: string, recordId: string) => void;

/** Removes a tombstone when its record is written again. */
export const prepareClearTombstone = (db: Database.Database): ClearTombstone => {
  const stmt = db.prepare<[string, string]>(
    'DELETE FROM mirror_tombstones WHERE resource = ? AND record_id = ?',
  );
  return (resource, recordId) => {
    stmt.run(resource, recordId);
  };
};
