import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';
import type { PublishCursor } from './readPublishCursor.js';

/**
 * Stores a stream's publish cursor, creating it if needed. It only moves forward: a position before
 * the stored one changes nothing (false).
 */
export type WritePublishCursor = (cursor: PublishCursor) => boolean;

export const prepareWritePublishCursor = (db: Database.Database): WritePublishCursor => {
  const stmt = db.prepare<[string, number, number, string]>(
    `INSERT INTO ${TABLES.publishCursors} (stream, event_seq, stream_seq, published_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (stream) DO UPDATE SET
       event_seq = excluded.event_seq, stream_seq = excluded.stream_seq, published_at = excluded.published_at
     WHERE excluded.event_seq >= event_seq`,
  );
  return ({ stream, eventSeq, streamSeq, publishedAt }) =>
    stmt.run(stream, eventSeq, streamSeq, publishedAt).changes === 1;
};
