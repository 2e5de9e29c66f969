/**
 * TEMPORARY, until migration 5 is on main: the event-log schema of issue 12 (batches, `prev_seq`,
 * `last_seq`, dedupe through `(occurred_at, delta_key)`), built by hand on a fresh database at version
 * 4, so that the lean loop can be written before the library's migration exists. Once `MIGRATIONS`
 * has version 5, {@link openLatestDatabase} is `openStore` and this DDL is not used.
 */
import type Database from 'better-sqlite3';
import { connectionOf } from '../src/store/connectionOf.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { openDatabaseAtVersion, openBenchStore } from './benchStore.js';

const PREVIEW_DDL = `
  DROP INDEX mirror_events_by_record;
  DROP TABLE mirror_events;
  DROP TABLE mirror_records;
  DROP TABLE mirror_tombstones;
  CREATE TABLE mirror_batches (batch INTEGER PRIMARY KEY, committed_at TEXT NOT NULL);
  CREATE TABLE mirror_events (
    seq INTEGER PRIMARY KEY,
    delta_key TEXT NOT NULL, source_id TEXT NOT NULL, resource TEXT NOT NULL, record_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert','delete')), payload TEXT NOT NULL, occurred_at TEXT NOT NULL,
    provenance_source TEXT NOT NULL, confidence REAL NOT NULL, strategy TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('applied','merged','skipped')), reason TEXT, result_payload TEXT,
    version INTEGER,
    batch INTEGER NOT NULL,
    prev_seq INTEGER
  );
  CREATE UNIQUE INDEX mirror_events_by_delta ON mirror_events (occurred_at, delta_key);
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
    last_seq       INTEGER,
    PRIMARY KEY (resource, record_id)
  ) WITHOUT ROWID;
  CREATE TABLE mirror_tombstones (
    resource    TEXT    NOT NULL,
    record_id   TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    confidence  REAL    NOT NULL,
    version     INTEGER NOT NULL,
    occurred_at TEXT    NOT NULL,
    delta_key   TEXT    NOT NULL,
    deleted_at  TEXT    NOT NULL,
    last_seq    INTEGER,
    PRIMARY KEY (resource, record_id)
  ) WITHOUT ROWID;
`;

/** Whether the library's migrations already include version 5 (then the preview is not used). */
export const LIBRARY_HAS_SCHEMA_5 = MIGRATIONS.some((m) => m.version === 5);

/** A fresh database at the latest schema: `openStore`'s, or the preview until migration 5 exists. */
export const openLatestDatabase = (path: string): { db: Database.Database; close(): void } => {
  if (LIBRARY_HAS_SCHEMA_5) {
    const store = openBenchStore(path);
    return { db: connectionOf(store), close: () => store.close() };
  }
  const db = openDatabaseAtVersion(path, 4);
  db.exec(PREVIEW_DDL);
  return { db, close: () => db.close() };
};
