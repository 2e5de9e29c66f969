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
];
