import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DecodeIssue } from '../../errors/DecodeError.js';
import { TABLES } from '../tables.js';

/** What kept an input out of the mirror: it did not decode, or was refused by its strategy or the store. */
export type RejectKind = 'decode' | 'decide' | 'store';

/** One row of `mirror_rejects`, as the writer keeps it. */
export interface RejectRow {
  readonly kind: RejectKind;
  readonly source: string;
  /** Where the input came from (`line 12`, a URL), or which record a refused delta was for. */
  readonly location: string;
  readonly input: string;
  readonly issues: readonly DecodeIssue[];
}

/** Keeps a rejected input. The same input at the same place is kept once, so a re-run adds nothing. Returns whether it was new. */
export type AppendReject = (reject: RejectRow, rejectedAt: string) => boolean;

export const prepareAppendReject = (db: Database.Database): AppendReject => {
  const stmt = db.prepare<[string, string, string, string, string, string, string]>(
    `INSERT INTO ${TABLES.rejects} (reject_key, kind, source_id, location, input, issues, rejected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reject_key) DO NOTHING`,
  );
  return (reject, rejectedAt) => {
    const key = createHash('sha256')
      .update(JSON.stringify([reject.source, reject.location]))
      .update('\n')
      .update(reject.input)
      .digest('base64url')
      .slice(0, 22);
    return (
      stmt.run(
        key,
        reject.kind,
        reject.source,
        reject.location,
        reject.input,
        JSON.stringify(reject.issues),
        rejectedAt,
      ).changes === 1
    );
  };
};
