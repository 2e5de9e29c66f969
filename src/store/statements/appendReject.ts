import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { RejectItem } from '../../model/MirrorItem.js';

/** Keeps a rejected input. The same input at the same place is kept once, so a re-run adds nothing. Returns whether it was new. */
export type AppendReject = (reject: RejectItem, rejectedAt: string) => boolean;

export const prepareAppendReject = (db: Database.Database): AppendReject => {
  const stmt = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO mirror_rejects (reject_key, source_id, location, input, issues, rejected_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (reject_key) DO NOTHING`,
  );
  return (reject, rejectedAt) => {
    const key = createHash('sha256')
      .update(JSON.stringify([reject.source, reject.location]))
      .update('\n')
      .update(reject.input)
      .digest('base64url')
      .slice(0, 22);
    return (
      stmt.run(key, reject.source, reject.location, reject.input, JSON.stringify(reject.issues), rejectedAt)
        .changes === 1
    );
  };
};
