import type Database from 'better-sqlite3';

export interface EventRow {
  readonly delta_key: string;
  readonly source_id: string;
  readonly resource: string;
  readonly record_id: string;
  readonly op: 'upsert' | 'delete';
  readonly payload: string;
  readonly occurred_at: string;
  readonly provenance_source: string;
  readonly confidence: number;
  readonly strategy: string;
  readonly decision: 'applied' | 'merged' | 'skipped';
  readonly reason: string | null;
  readonly result_payload: string | null;
  readonly version: number | null;
  readonly committed_at: string;
}

/** Appends one event to the log; returns its sequence number. */
export type AppendEvent = (event: EventRow) => number;

type EventParams = [
  EventRow['delta_key'],
  EventRow['source_id'],
  EventRow['resource'],
  EventRow['record_id'],
  EventRow['op'],
  EventRow['payload'],
  EventRow['occurred_at'],
  EventRow['provenance_source'],
  EventRow['confidence'],
  EventRow['strategy'],
  EventRow['decision'],
  EventRow['reason'],
  EventRow['result_payload'],
  EventRow['version'],
  EventRow['committed_at'],
];

export const prepareAppendEvent = (db: Database.Database): AppendEvent => {
  // Positional parameters: binding by name costs a property lookup per column per row.
  const stmt = db.prepare<EventParams>(
    `INSERT INTO mirror_events (delta_key, source_id, resource, record_id, op, payload, occurred_at,
       provenance_source, confidence, strategy, decision, reason, result_payload, version, committed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (e) =>
    Number(
      stmt.run(
        e.delta_key,
        e.source_id,
        e.resource,
        e.record_id,
        e.op,
        e.payload,
        e.occurred_at,
        e.provenance_source,
        e.confidence,
        e.strategy,
        e.decision,
        e.reason,
        e.result_payload,
        e.version,
        e.committed_at,
      ).lastInsertRowid,
    );
};
