/**
 * The mirror's tables, by role: the one list of their names, which every statement (`statements/`),
 * the views and the checks use. What the tables hold is their DDL, in `migrations.ts`; a name written
 * there stays as shipped (history is never edited), and no other module spells one out.
 */
export const TABLES = {
  /**
   * The append-only event log: every delta, its provenance, decision and resulting version, its batch,
   * and the previous event of its record (`prev_seq`; the record's or tombstone's `last_seq` is the head).
   */
  events: 'mirror_events',
  /** One row per transaction that logged deltas: when it committed. */
  batches: 'mirror_batches',
  /** The current state: one row per live record. */
  records: 'mirror_records',
  /** Deleted records: what last-write-wins compares a late upsert against. */
  tombstones: 'mirror_tombstones',
  /** Per source and resource: where a source resumes. */
  cursors: 'mirror_cursors',
  /** The resource registry, with each resource's view. */
  resources: 'mirror_resources',
  /** Each resource's payload fields and their view columns. */
  fields: 'mirror_fields',
  /** What was kept out: inputs that did not decode, deltas refused by a strategy or the store. */
  rejects: 'mirror_rejects',
  /** Per publish target (a JetStream stream): the last event published and acknowledged. */
  publishCursors: 'mirror_publish_cursors',
  /** Applied migrations. */
  migrations: 'mirror_schema_migrations',
} as const;

/** Every table's name starts with this; a view made for agents never does. */
export const TABLE_PREFIX = 'mirror_';
