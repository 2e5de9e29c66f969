import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** Where publishing to a stream stands: the last event published and acknowledged, in order. */
export interface PublishCursor {
  /** The JetStream stream published to. */
  readonly stream: string;
  /** The `seq` of the last event JetStream acknowledged (every publishable event before it was too). */
  readonly eventSeq: number;
  /** The stream sequence JetStream acknowledged it with (the original's, for a duplicate). */
  readonly streamSeq: number;
  /** When that acknowledgement was stored (ISO-8601, UTC). */
  readonly publishedAt: string;
}

/** The publish cursor of a stream; undefined before its publisher first started. */
export type ReadPublishCursor = (stream: string) => PublishCursor | undefined;

export const prepareReadPublishCursor = (db: Database.Database): ReadPublishCursor => {
  const stmt = db.prepare<[string], PublishCursor>(
    `SELECT stream, event_seq AS eventSeq, stream_seq AS streamSeq, published_at AS publishedAt
       FROM ${TABLES.publishCursors} WHERE stream = ?`,
  );
  return (stream) => stmt.get(stream);
};
