import type Database from 'better-sqlite3';
import { canonicalJson } from '../src/model/canonicalJson.js';
import { deltaKey } from '../src/model/deltaKey.js';
import type { SourceEmission } from '../src/model/SourceEmission.js';
import { timestampFromEpochMs } from '../src/model/Timestamp.js';
import { BENCH_SOURCE_ID } from './benchStore.js';

/**
 * The ceiling (issue 12): the fastest plain better-sqlite3 loop we could write that still does, per
 * delta, the job the pipeline does for an in-order stream of upserts, on the latest schema (migration 5):
 *
 * - the canonical payload and the delta key (both stored in the event row);
 * - the dedupe check: is the key already logged? (`SELECT 1` through the unique index on
 *   `(occurred_at, delta_key)`; a delta met again is skipped);
 * - one read of the stored record's `version` and `last_seq`;
 * - the event row (decision `applied`, strategy `last-write-wins`, version stored + 1 or 1, `prev_seq`
 *   the record's `last_seq`), then the record: an INSERT for a new one, an UPDATE (with `last_seq` the
 *   new event's seq) for a stored one;
 * - per transaction of `perTransaction` deltas: `BEGIN` (deferred) … `COMMIT`, one `mirror_batches`
 *   row and one registration of `resource`; each checkpoint writes its cursor in the transaction of
 *   the deltas it covers.
 *
 * No ordering window, no conflict strategy (it trusts the stream to be in time order), no views, no
 * refusal handling, no sole-writer check, upserts only. Written for speed: prepared statements with
 * positional parameters, the loop's constants as SQL literals, `.pluck()`/`.raw()` reads, no object
 * per delta beyond what the stream, the JSON text and the key need. It must write the same event and
 * record rows as the pipeline (the ingest step compares digests).
 */
export const ingestLeanLoop = (
  db: Database.Database,
  emissions: Iterable<SourceEmission>,
  resource: string,
  perTransaction = 1_000,
): number => {
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  const insertBatch = db.prepare<[string]>('INSERT INTO mirror_batches (committed_at) VALUES (?)');
  const registerResource = db.prepare<[string, string]>(
    'INSERT INTO mirror_resources (resource, first_seen_at) VALUES (?, ?) ON CONFLICT (resource) DO NOTHING',
  );
  const writeCursor = db.prepare<[string, string, string]>(
    `INSERT INTO mirror_cursors (source, resource, cursor, updated_at) VALUES ('${BENCH_SOURCE_ID}', ?, ?, ?)
     ON CONFLICT (source, resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  const isLogged = db
    .prepare<[string, string], number>('SELECT 1 FROM mirror_events WHERE occurred_at = ? AND delta_key = ?')
    .pluck();
  const readRecord = db
    .prepare<[string, string], [version: number, lastSeq: number | null]>(
      'SELECT version, last_seq FROM mirror_records WHERE resource = ? AND record_id = ?',
    )
    .raw();
  const appendEvent = db.prepare<
    [string, string, string, string, string, string, string, number, number, number, number | null]
  >(
    `INSERT INTO mirror_events (delta_key, source_id, resource, record_id, op, payload, occurred_at,
       provenance_source, confidence, strategy, decision, reason, result_payload, version, batch, prev_seq)
     VALUES (?, '${BENCH_SOURCE_ID}', ?, ?, ?, ?, ?, ?, ?, 'last-write-wins', 'applied', NULL, NULL, ?, ?, ?)`,
  );
  const insertRecord = db.prepare<[string, string, string, string, string, number, string, string, number]>(
    `INSERT INTO mirror_records (resource, record_id, payload, source, last_synced_at, confidence, version,
       occurred_at, delta_key, last_seq)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const updateRecord = db.prepare<
    [string, string, string, number, number, string, string, number, string, string]
  >(
    `UPDATE mirror_records SET payload = ?, source = ?, last_synced_at = ?, confidence = ?, version = ?,
       occurred_at = ?, delta_key = ?, last_seq = ?
     WHERE resource = ? AND record_id = ?`,
  );

  let open = false;
  let inTransaction = 0; // deltas in the open transaction
  let at = '';
  let batch = 0;
  const start = (): void => {
    begin.run();
    open = true;
    inTransaction = 0;
    at = timestampFromEpochMs(Date.now());
    batch = insertBatch.run(at).lastInsertRowid as number;
    registerResource.run(resource, at);
  };

  let written = 0;
  for (const emission of emissions) {
    if ('kind' in emission) {
      if (emission.kind === 'checkpoint') {
        if (!open) start();
        writeCursor.run(emission.resource, emission.cursor, at);
      }
      continue;
    }
    if (emission.op !== 'upsert') throw new Error('the lean loop writes upserts only');
    // The transaction closes when the next delta would pass its size: the checkpoint after its last
    // delta is still written in it.
    if (!open) start();
    else if (inTransaction === perTransaction) {
      commit.run();
      start();
    }
    inTransaction++;
    const payloadJson = canonicalJson(emission.payload);
    const key = deltaKey(emission, payloadJson);
    const { record_id: recordId, occurred_at: occurredAt, provenance } = emission;
    if (isLogged.get(occurredAt, key) !== undefined) continue;
    const stored = readRecord.get(emission.resource, recordId);
    const version = stored === undefined ? 1 : stored[0] + 1;
    const seq = appendEvent.run(
      key,
      emission.resource,
      recordId,
      emission.op,
      payloadJson,
      occurredAt,
      provenance.source,
      provenance.confidence,
      version,
      batch,
      stored === undefined ? null : stored[1],
    ).lastInsertRowid as number;
    if (stored === undefined) {
      insertRecord.run(
        emission.resource,
        recordId,
        payloadJson,
        provenance.source,
        at,
        provenance.confidence,
        occurredAt,
        key,
        seq,
      );
    } else {
      updateRecord.run(
        payloadJson,
        provenance.source,
        at,
        provenance.confidence,
        version,
        occurredAt,
        key,
        seq,
        emission.resource,
        recordId,
      );
    }
    written++;
  }
  if (open) commit.run();
  return written;
};
