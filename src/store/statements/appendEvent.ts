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

export const prepareAppendEvent = (db: Database.Database): AppendEvent => {
  const stmt = db.prepare<[EventRow]>(
    `INSERT INTO mirror_events (delta_key, source_id, resource, record_id, op, payload, occurred_at,
       provenance_source, confidence, strategy, decision, reason, result_payload, version, committed_at)
     VALUES (@delta_key, @source_id, @resource, @record_id, @op, @payload, @occurred_at,
       @provenance_source, @confidence, @strategy, @decision, @reason, @result_payload, @version, @committed_at)`,
  );
  return (event) => Number(stmt.run(event).lastInsertRowid);
};
