import type Database from 'better-sqlite3';
import type { JsonValue } from '../../model/JsonValue.js';
import { parseJson } from '../../model/parseJson.js';
import type { LoggedEvent } from '../LoggedEvent.js';
import { TABLES } from '../tables.js';

interface EventRecordRow {
  seq: number;
  delta_key: string;
  source_id: string;
  resource: string;
  record_id: string;
  op: 'upsert' | 'delete';
  payload: string;
  occurred_at: string;
  provenance_source: string;
  confidence: number;
  strategy: string;
  decision: 'applied' | 'merged' | 'skipped';
  reason: string | null;
  result_payload: string | null;
  version: number | null;
  batch: number;
  committed_at: string;
}

/** Reads up to `limit` events with `seq > afterSeq`, in sequence order. */
export type ReadEvents = (afterSeq: number, limit: number) => LoggedEvent[];

export const prepareReadEvents = (db: Database.Database): ReadEvents => {
  const stmt = db.prepare<[number, number], EventRecordRow>(
    `SELECT e.seq, e.delta_key, e.source_id, e.resource, e.record_id, e.op, e.payload, e.occurred_at,
            e.provenance_source, e.confidence, e.strategy, e.decision, e.reason, e.result_payload, e.version,
            e.batch, b.committed_at
       FROM ${TABLES.events} e JOIN ${TABLES.batches} b ON b.batch = e.batch
      WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
  );
  return (afterSeq, limit) =>
    stmt.all(afterSeq, limit).map((row): LoggedEvent => ({
      seq: row.seq,
      key: row.delta_key,
      source: row.source_id,
      delta: {
        resource: row.resource,
        record_id: row.record_id,
        op: row.op,
        payload: parseJson(row.payload) as JsonValue, // every digit: replay re-decides merges with it
        occurred_at: row.occurred_at,
        provenance: { source: row.provenance_source, confidence: row.confidence },
      } as LoggedEvent['delta'],
      payloadJson: row.payload,
      strategy: row.strategy,
      decision: row.decision,
      reason: row.reason ?? undefined,
      resultPayloadJson: row.result_payload ?? undefined,
      version: row.version ?? undefined,
      batch: row.batch,
      committedAt: row.committed_at as LoggedEvent['committedAt'],
    }));
};
