import type Database from 'better-sqlite3';
import { canonicalJson } from '../src/model/canonicalJson.js';
import { deltaKey } from '../src/model/deltaKey.js';
import { isDelta, type SourceEmission } from '../src/model/SourceEmission.js';
import { timestampFromEpochMs } from '../src/model/Timestamp.js';
import { BENCH_SOURCE_ID } from './benchStore.js';

/** The strategy name the pipeline logs for its default strategy; the plain loop writes the same. */
const STRATEGY = 'last-write-wins';

/**
 * The baseline: a plain better-sqlite3 loop writing the same rows as the pipeline, with prepared
 * statements and one `BEGIN IMMEDIATE … COMMIT` per `perTransaction` deltas. Per delta it computes the
 * canonical payload and the delta key (as the pipeline does: both are stored in the event row), upserts
 * the record (version 1, or the stored version + 1, via `RETURNING version`) and appends the event.
 * Per transaction it registers `resource` (the stream's one resource); each checkpoint writes the cursor. No reads, no dedupe,
 * no ordering, no conflict decision: it trusts the input to be in order and new.
 *
 * A fixed reference: it writes the schema of version 4 (`committed_at` in every event row, the event
 * log's indexes of then) and runs on a database at that version (`openDatabaseAtVersion`), whatever
 * the library's latest schema, so that its rate stays comparable from one change of the store to the next.
 */
export const ingestPlainLoop = (
  db: Database.Database,
  emissions: Iterable<SourceEmission>,
  resource: string,
  perTransaction = 1_000,
): number => {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const upsertRecord = db
    .prepare<[string, string, string, string, string, number, string, string], number>(
      `INSERT INTO mirror_records (resource, record_id, payload, source, last_synced_at, confidence, version, occurred_at, delta_key)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (resource, record_id) DO UPDATE SET
         payload = excluded.payload, source = excluded.source, last_synced_at = excluded.last_synced_at,
         confidence = excluded.confidence, version = mirror_records.version + 1,
         occurred_at = excluded.occurred_at, delta_key = excluded.delta_key
       RETURNING version`,
    )
    .pluck();
  const appendEvent = db.prepare<
    [string, string, string, string, string, string, string, string, number, string, string, number, string]
  >(
    `INSERT INTO mirror_events (delta_key, source_id, resource, record_id, op, payload, occurred_at,
       provenance_source, confidence, strategy, decision, reason, result_payload, version, committed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
  );
  const registerResource = db.prepare<[string, string]>(
    'INSERT INTO mirror_resources (resource, first_seen_at) VALUES (?, ?) ON CONFLICT (resource) DO NOTHING',
  );
  const writeCursor = db.prepare<[string, string, string, string]>(
    `INSERT INTO mirror_cursors (source, resource, cursor, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source, resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );

  let inTransaction = 0; // deltas in the open transaction
  let at = '';
  let written = 0;
  for (const emission of emissions) {
    if (!db.inTransaction) {
      begin.run();
      at = timestampFromEpochMs(Date.now());
      registerResource.run(resource, at);
    }
    if (!isDelta(emission)) {
      if (emission.kind === 'checkpoint')
        writeCursor.run(BENCH_SOURCE_ID, emission.resource, emission.cursor, at);
      continue;
    }
    const payloadJson = canonicalJson(emission.payload);
    const key = deltaKey(emission, payloadJson);
    const { record_id, op, occurred_at, provenance } = emission;
    const version = upsertRecord.get(
      emission.resource,
      record_id,
      payloadJson,
      provenance.source,
      at,
      provenance.confidence,
      occurred_at,
      key,
    ) as number;
    appendEvent.run(
      key,
      BENCH_SOURCE_ID,
      emission.resource,
      record_id,
      op,
      payloadJson,
      occurred_at,
      provenance.source,
      provenance.confidence,
      STRATEGY,
      'applied',
      version,
      at,
    );
    written++;
    if (++inTransaction === perTransaction) {
      inTransaction = 0;
      commit.run();
    }
  }
  // The last checkpoint follows the last delta; commit what is open.
  if (db.inTransaction) commit.run();
  return written;
};
