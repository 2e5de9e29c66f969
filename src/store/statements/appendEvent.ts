import type Database from 'better-sqlite3';
import type { DecidedDelta } from '../../model/DecidedBatch.js';
import { TABLES } from '../tables.js';

/** Appends a decided delta to the event log, committed at `committedAt`; returns its sequence number. */
export type AppendEvent = (decided: DecidedDelta, committedAt: string) => number;

type EventParams = [
  deltaKey: string,
  sourceId: string,
  resource: string,
  recordId: string,
  op: 'upsert' | 'delete',
  payload: string,
  occurredAt: string,
  provenanceSource: string,
  confidence: number,
  strategy: string,
  decision: 'applied' | 'merged' | 'skipped',
  reason: string | null,
  resultPayload: string | null,
  version: number | null,
  committedAt: string,
];

export const prepareAppendEvent = (db: Database.Database): AppendEvent => {
  // Positional parameters: binding by name costs a property lookup per column per row.
  const stmt = db.prepare<EventParams>(
    `INSERT INTO ${TABLES.events} (delta_key, source_id, resource, record_id, op, payload, occurred_at,
       provenance_source, confidence, strategy, decision, reason, result_payload, version, committed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (d, committedAt) => {
    const { delta } = d;
    return Number(
      stmt.run(
        d.key,
        d.source,
        delta.resource,
        delta.record_id,
        delta.op,
        d.payloadJson,
        delta.occurred_at,
        delta.provenance.source,
        delta.provenance.confidence,
        d.strategy,
        d.decision,
        d.reason ?? null,
        d.mergedJson ?? null,
        d.version ?? null,
        committedAt,
      ).lastInsertRowid,
    );
  };
};
