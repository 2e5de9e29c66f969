/** One schema step. Steps are applied in order, once, each recorded in `mirror_schema_migrations`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The schema history. Append only: never edit or reorder a step that has shipped, add a new one.
 * Every table name here is `mirror_*`; views made for agents never use that prefix.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: '0001_initial',
    sql: `
      -- The append-only event log: every delta, with its provenance, the decision taken and the
      -- resulting version. seq is the rowid: rows are never deleted, so it only grows.
      CREATE TABLE mirror_events (
        seq               INTEGER PRIMARY KEY,
        delta_key         TEXT    NOT NULL UNIQUE,
        source_id         TEXT    NOT NULL,
        resource          TEXT    NOT NULL,
        record_id         TEXT    NOT NULL,
        op                TEXT    NOT NULL CHECK (op IN ('upsert', 'delete')),
        payload           TEXT    NOT NULL,
        occurred_at       TEXT    NOT NULL,
        provenance_source TEXT    NOT NULL,
        confidence        REAL    NOT NULL,
        strategy          TEXT    NOT NULL,
        decision          TEXT    NOT NULL CHECK (decision IN ('applied', 'merged', 'skipped')),
        reason            TEXT,
        result_payload    TEXT,
        version           INTEGER,
        committed_at      TEXT    NOT NULL
      );
      CREATE INDEX mirror_events_by_record ON mirror_events (resource, record_id, seq);

      -- The materialised records: the current state, one row per live record.
      CREATE TABLE mirror_records (
        resource       TEXT    NOT NULL,
        record_id      TEXT    NOT NULL,
        payload        TEXT    NOT NULL,
        source         TEXT    NOT NULL,
        last_synced_at TEXT    NOT NULL,
        confidence     REAL    NOT NULL,
        version        INTEGER NOT NULL,
        occurred_at    TEXT    NOT NULL,
        delta_key      TEXT    NOT NULL,
        PRIMARY KEY (resource, record_id)
      ) WITHOUT ROWID;

      -- Deleted records: what last-write-wins compares a late upsert against.
      CREATE TABLE mirror_tombstones (
        resource    TEXT    NOT NULL,
        record_id   TEXT    NOT NULL,
        source      TEXT    NOT NULL,
        confidence  REAL    NOT NULL,
        version     INTEGER NOT NULL,
        occurred_at TEXT    NOT NULL,
        delta_key   TEXT    NOT NULL,
        deleted_at  TEXT    NOT NULL,
        PRIMARY KEY (resource, record_id)
      ) WITHOUT ROWID;

      -- Per-source, per-resource cursors, written in the transaction of the last delta they cover.
      CREATE TABLE mirror_cursors (
        source     TEXT    NOT NULL,
        resource   TEXT    NOT NULL,
        cursor     TEXT    NOT NULL,
        updated_at TEXT    NOT NULL,
        PRIMARY KEY (source, resource)
      ) WITHOUT ROWID;

      -- The resource registry.
      CREATE TABLE mirror_resources (
        resource      TEXT NOT NULL PRIMARY KEY,
        first_seen_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Input that could not be decoded: kept, never dropped. reject_key makes a re-run idempotent.
      CREATE TABLE mirror_rejects (
        id          INTEGER PRIMARY KEY,
        reject_key  TEXT NOT NULL UNIQUE,
        source_id   TEXT NOT NULL,
        location    TEXT NOT NULL,
        input       TEXT NOT NULL,
        issues      TEXT NOT NULL,
        rejected_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: '0002_resource_views',
    sql: `
      -- One SQL view per resource, for agents: its name, and the column of every top-level payload
      -- field seen so far. Views of resources registered before this migration are made on open.
      ALTER TABLE mirror_resources ADD COLUMN view_name TEXT;
      CREATE UNIQUE INDEX mirror_resources_by_view_name ON mirror_resources (view_name COLLATE NOCASE);
      CREATE TABLE mirror_fields (
        resource      TEXT NOT NULL,
        field         TEXT NOT NULL,
        column_name   TEXT NOT NULL,
        position      INTEGER NOT NULL,
        first_seen_at TEXT NOT NULL,
        PRIMARY KEY (resource, field)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX mirror_fields_by_column ON mirror_fields (resource, column_name COLLATE NOCASE);
    `,
  },
  {
    version: 3,
    name: '0003_reject_kinds',
    sql: `
      -- What kept an input out of the mirror: it did not decode, its strategy could not decide it, or
      -- the store refused it (the dead-letter path). Rows kept before this step are all decode rejects.
      ALTER TABLE mirror_rejects ADD COLUMN kind TEXT NOT NULL DEFAULT 'decode'
        CHECK (kind IN ('decode', 'decide', 'store'));
    `,
  },
  {
    version: 4,
    name: '0004_lossless_number_fields',
    sql: `
      -- 1 once a field has held a number SQLite cannot hold exactly (an integer beyond 64 bits, more
      -- significant digits than a double, beyond a double's range): its view column then reads such
      -- numbers as TEXT with every digit, instead of json_extract's rounded REAL. Existing fields start
      -- at 0: payloads stored before this step came through JSON.parse, which kept no such number.
      ALTER TABLE mirror_fields ADD COLUMN lossless_numbers INTEGER NOT NULL DEFAULT 0
        CHECK (lossless_numbers IN (0, 1));
    `,
  },
  {
    version: 5,
    name: '0005_time_ordered_log',
    sql: `
      -- The write path at the storage engine's speed (issue 12). Before: every delta dirtied a random
      -- page of two indexes (delta_key UNIQUE, and (resource, record_id, seq)). After: the dedupe index
      -- leads with occurred_at, so a log that grows with time appends to it; a record's history is a
      -- chain (each event's prev_seq, each record's and tombstone's last_seq) instead of an index; and
      -- what every event of a transaction repeated (committed_at) is one row in mirror_batches.

      -- The heads of the history chains, while the old index still finds them.
      ALTER TABLE mirror_records ADD COLUMN last_seq INTEGER;
      UPDATE mirror_records SET last_seq = (
        SELECT max(e.seq) FROM mirror_events e
         WHERE e.resource = mirror_records.resource AND e.record_id = mirror_records.record_id);
      ALTER TABLE mirror_tombstones ADD COLUMN last_seq INTEGER;
      UPDATE mirror_tombstones SET last_seq = (
        SELECT max(e.seq) FROM mirror_events e
         WHERE e.resource = mirror_tombstones.resource AND e.record_id = mirror_tombstones.record_id);

      -- One row per transaction that logged deltas: what its events were committed at.
      CREATE TABLE mirror_batches (
        batch        INTEGER PRIMARY KEY,
        committed_at TEXT    NOT NULL
      );

      -- The log, rebuilt: the same rows and seqs; a transaction's events (consecutive seqs with one
      -- committed_at) share a batch; prev_seq links each event to its record's previous one.
      CREATE TABLE mirror_events_v5 (
        seq               INTEGER PRIMARY KEY,
        delta_key         TEXT    NOT NULL,
        source_id         TEXT    NOT NULL,
        resource          TEXT    NOT NULL,
        record_id         TEXT    NOT NULL,
        op                TEXT    NOT NULL CHECK (op IN ('upsert', 'delete')),
        payload           TEXT    NOT NULL,
        occurred_at       TEXT    NOT NULL,
        provenance_source TEXT    NOT NULL,
        confidence        REAL    NOT NULL,
        strategy          TEXT    NOT NULL,
        decision          TEXT    NOT NULL CHECK (decision IN ('applied', 'merged', 'skipped')),
        reason            TEXT,
        result_payload    TEXT,
        version           INTEGER,
        batch             INTEGER NOT NULL,
        prev_seq          INTEGER
      );
      CREATE TEMP TABLE mirror_v5_batch_of AS
        SELECT seq, sum(starts) OVER (ORDER BY seq) AS batch, committed_at
          FROM (SELECT seq, committed_at,
                       (committed_at IS NOT lag(committed_at) OVER (ORDER BY seq)) AS starts
                  FROM mirror_events);
      INSERT INTO mirror_batches (batch, committed_at)
        SELECT batch, min(committed_at) FROM temp.mirror_v5_batch_of GROUP BY batch;
      INSERT INTO mirror_events_v5 (seq, delta_key, source_id, resource, record_id, op, payload, occurred_at,
          provenance_source, confidence, strategy, decision, reason, result_payload, version, batch, prev_seq)
        SELECT e.seq, e.delta_key, e.source_id, e.resource, e.record_id, e.op, e.payload, e.occurred_at,
               e.provenance_source, e.confidence, e.strategy, e.decision, e.reason, e.result_payload, e.version,
               b.batch, lag(e.seq) OVER (PARTITION BY e.resource, e.record_id ORDER BY e.seq)
          FROM mirror_events e JOIN temp.mirror_v5_batch_of b ON b.seq = e.seq
         ORDER BY e.seq;
      DROP TABLE temp.mirror_v5_batch_of;
      DROP TABLE mirror_events;
      ALTER TABLE mirror_events_v5 RENAME TO mirror_events;
      -- Dedupe across restarts: a delta's key is unique; leading with occurred_at (which the key hashes,
      -- so the pair is as unique as the key) makes the index of a log that grows with time append.
      CREATE UNIQUE INDEX mirror_events_by_delta ON mirror_events (occurred_at, delta_key);
    `,
  },
  {
    version: 6,
    name: '0006_publish_cursors',
    sql: `
      -- Publishing a mirror's changes to NATS JetStream (issue 14): per publish target (a stream), the
      -- last event published and acknowledged, the stream sequence JetStream gave it, and when. The
      -- publisher moves it only over a contiguous acknowledged prefix of the log, so a restart resumes
      -- after it, and what it publishes again is dropped as a duplicate (Nats-Msg-Id = delta_key).
      CREATE TABLE IF NOT EXISTS mirror_publish_cursors (
        stream       TEXT    NOT NULL PRIMARY KEY,
        event_seq    INTEGER NOT NULL CHECK (event_seq >= 0),
        stream_seq   INTEGER NOT NULL CHECK (stream_seq >= 0),
        published_at TEXT    NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];
