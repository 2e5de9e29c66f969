import type Database from 'better-sqlite3';
import type { DeltaOp } from '../../model/Delta.js';
import { TABLES } from '../tables.js';

/**
 * An event that changed the mirror (decision `applied` or `merged`), with what a publisher sends of
 * it: its outcome, as stored text (every digit of every number kept).
 */
export interface PublishableEvent {
  readonly seq: number;
  readonly deltaKey: string;
  readonly resource: string;
  readonly recordId: string;
  readonly op: DeltaOp;
  /** The payload the record was left with, as stored: the merge result for a merge, else the delta's. */
  readonly outcomeJson: string;
  readonly occurredAt: string;
  readonly source: string;
  readonly confidence: number;
}

/**
 * Up to `limit` events that changed the mirror (skips left out), with `afterSeq < seq <= uptoSeq`,
 * in `seq` order.
 */
export type ReadPublishableEvents = (afterSeq: number, uptoSeq: number, limit: number) => PublishableEvent[];

/** The decisions whose events are published, as an SQL list: skipped events changed nothing. */
export const PUBLISHED_DECISIONS = "('applied', 'merged')";

export const prepareReadPublishableEvents = (db: Database.Database): ReadPublishableEvents => {
  const stmt = db.prepare<[number, number, number], PublishableEvent>(
    `SELECT seq, delta_key AS deltaKey, resource, record_id AS recordId, op,
            coalesce(result_payload, payload) AS outcomeJson, occurred_at AS occurredAt,
            provenance_source AS source, confidence
       FROM ${TABLES.events}
      WHERE seq > ? AND seq <= ? AND decision IN ${PUBLISHED_DECISIONS}
      ORDER BY seq LIMIT ?`,
  );
  return (afterSeq, uptoSeq, limit) => stmt.all(afterSeq, uptoSeq, limit);
};
