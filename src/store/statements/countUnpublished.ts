import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';
import { PUBLISHED_DECISIONS } from './readPublishableEvents.js';

/** How many events after `afterSeq` changed the mirror (applied or merged): a publisher's lag. */
export type CountUnpublished = (afterSeq: number) => number;

export const prepareCountUnpublished = (db: Database.Database): CountUnpublished => {
  const stmt = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM ${TABLES.events} WHERE seq > ? AND decision IN ${PUBLISHED_DECISIONS}`,
  );
  return (afterSeq) => stmt.get(afterSeq)?.n ?? 0;
};
