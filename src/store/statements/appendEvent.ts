import type Database from 'better-sqlite3';
import type { DecidedDelta } from '../../model/DecidedBatch.js';
import { TABLES } from '../tables.js';
import type { EventColumns } from './rows.js';

/**
 * Appends a decided delta to the event log, in the transaction `batch` (a `mirror_batches` row); returns
 * its sequence number. Its `prev_seq` is its record's history head (`last_seq` of the record, else of
 * its tombstone): the writer moves the head to this event before the record's next one. The head the
 * decision's read found (`previousSeq`) is written as is; when it is not known, the statement looks it up.
 */
export type AppendEvent = (decided: DecidedDelta, batch: number) => number;

type EventWithHeadLookupParams = [
  ...EventColumns,
  // The record, twice more: better-sqlite3 binds positional parameters only once each (no `?NNN` reuse).
  headResource: string,
  headRecordId: string,
  tombstoneResource: string,
  tombstoneRecordId: string,
];

const INSERT_EVENT = `INSERT INTO ${TABLES.events} (delta_key, source_id, resource, record_id, op, payload,
  occurred_at, provenance_source, confidence, strategy, decision, reason, result_payload, version, batch, prev_seq)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,`;

export const prepareAppendEvent = (db: Database.Database): AppendEvent => {
  // Positional parameters: binding by name costs a property lookup per column per row.
  const withHead = db.prepare<[...EventColumns, prevSeq: number | null]>(`${INSERT_EVENT} ?)`);
  const lookingUpHead = db.prepare<EventWithHeadLookupParams>(
    `${INSERT_EVENT} coalesce(
       (SELECT last_seq FROM ${TABLES.records} WHERE resource = ? AND record_id = ?),
       (SELECT last_seq FROM ${TABLES.tombstones} WHERE resource = ? AND record_id = ?)))`,
  );
  return (d, batch) => {
    const { delta } = d;
    if (d.previousSeq !== undefined) {
      return Number(
        withHead.run(
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
          batch,
          d.previousSeq,
        ).lastInsertRowid,
      );
    }
    return Number(
      lookingUpHead.run(
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
        batch,
        delta.resource,
        delta.record_id,
        delta.resource,
        delta.record_id,
      ).lastInsertRowid,
    );
  };
};
