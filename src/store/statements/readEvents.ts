import type Database from 'better-sqlite3';
import type { JsonValue } from '../../model/JsonValue.js';
import { parseJson } from '../../model/parseJson.js';
import type { LoggedEvent } from '../LoggedEvent.js';
import { TABLES } from '../tables.js';
import type { EventColumns } from './rows.js';

/** One event row as the SELECT below returns it (raw mode). */
type EventTuple = [seq: number, ...EventColumns, committedAt: string];

/** Reads up to `limit` events with `seq > afterSeq`, in sequence order. */
export type ReadEvents = (afterSeq: number, limit: number) => LoggedEvent[];

export const prepareReadEvents = (db: Database.Database): ReadEvents => {
  // Raw mode: each row comes back as an array, not as an object with a property per column that
  // is copied into the event right away; it halves the cost of reading the log (replay, verify).
  const stmt = db
    .prepare<[number, number], EventTuple>(
      `SELECT e.seq, e.delta_key, e.source_id, e.resource, e.record_id, e.op, e.payload, e.occurred_at,
            e.provenance_source, e.confidence, e.strategy, e.decision, e.reason, e.result_payload, e.version,
            e.batch, b.committed_at
       FROM ${TABLES.events} e JOIN ${TABLES.batches} b ON b.batch = e.batch
      WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
    )
    .raw();
  return (afterSeq, limit) =>
    stmt.all(afterSeq, limit).map((row): LoggedEvent => ({
      seq: row[0],
      key: row[1],
      source: row[2],
      delta: {
        resource: row[3],
        record_id: row[4],
        op: row[5],
        payload: parseJson(row[6]) as JsonValue, // every digit: replay re-decides merges with it
        occurred_at: row[7],
        provenance: { source: row[8], confidence: row[9] },
      } as LoggedEvent['delta'],
      payloadJson: row[6],
      strategy: row[10],
      decision: row[11],
      reason: row[12] ?? undefined,
      resultPayloadJson: row[13] ?? undefined,
      version: row[14] ?? undefined,
      batch: row[15],
      committedAt: row[16] as LoggedEvent['committedAt'],
    }));
};
