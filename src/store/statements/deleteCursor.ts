import type Database from 'better-sqlite3';

/** Removes the stored cursor of (source, resource), so that source resumes from its start. */
export type DeleteCursor = (source: string, resource: string) => void;

export const prepareDeleteCursor = (db: Database.Database): DeleteCursor => {
  const stmt = db.prepare<[string, string]>('DELETE FROM mirror_cursors WHERE source = ? AND resource = ?');
  return (source, resource) => {
    stmt.run(source, resource);
  };
};
