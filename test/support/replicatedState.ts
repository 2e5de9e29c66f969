import type Database from 'better-sqlite3';

/**
 * What a replica fed from a publisher's stream must reproduce, byte for byte: records and tombstones
 * in key order, every column but `last_synced_at` (the replica's own clock).
 */
export const replicatedState = (c: Database.Database) => ({
  records: c
    .prepare(
      `SELECT resource, record_id, payload, source, confidence, version, occurred_at, delta_key
         FROM mirror_records ORDER BY resource, record_id`,
    )
    .all(),
  tombstones: c
    .prepare(
      `SELECT resource, record_id, source, confidence, version, occurred_at, delta_key
         FROM mirror_tombstones ORDER BY resource, record_id`,
    )
    .all(),
});

export type ReplicatedState = ReturnType<typeof replicatedState>;

/** The same without `version`: a mirror that joined from a snapshot counts the changes it applied itself. */
export const withoutVersions = (state: ReplicatedState): ReplicatedState => ({
  records: state.records.map((row) => ({ ...(row as object), version: undefined })),
  tombstones: state.tombstones.map((row) => ({ ...(row as object), version: undefined })),
});
