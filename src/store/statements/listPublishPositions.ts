import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';
import type { PublishCursor } from './readPublishCursor.js';
import { PUBLISHED_DECISIONS } from './readPublishableEvents.js';

/** A publish cursor and how far the log is ahead of it. */
export interface PublishPosition extends PublishCursor {
  /** Events committed that change the mirror (applied or merged) and are not yet acknowledged. */
  readonly lag: number;
}

/**
 * Rows `stream`, `eventSeq`, `streamSeq`, `publishedAt`, `lag` of every publish target, by stream. Read
 * only: `describe` runs it on its read-only connection too.
 */
export const PUBLISH_POSITIONS_SQL = `SELECT c.stream AS stream, c.event_seq AS eventSeq,
    c.stream_seq AS streamSeq, c.published_at AS publishedAt,
    (SELECT count(*) FROM ${TABLES.events} e WHERE e.seq > c.event_seq AND e.decision IN ${PUBLISHED_DECISIONS}) AS lag
  FROM ${TABLES.publishCursors} c ORDER BY c.stream`;

/** Every publish target's position and lag, by stream. */
export type ListPublishPositions = () => PublishPosition[];

export const prepareListPublishPositions = (db: Database.Database): ListPublishPositions => {
  const stmt = db.prepare<[], PublishPosition>(PUBLISH_POSITIONS_SQL);
  return () => stmt.all();
};
