/** Counts for one source, one resource, or the whole run. */
export interface SyncCounts {
  /** Deltas received from sources (duplicates included). */
  pulled: number;
  /** Deltas written as they came. */
  applied: number;
  /** Deltas written as a merge (merge-json). */
  merged: number;
  /** Deltas logged but not written, by the strategy's decision. */
  skipped: number;
  /** Deltas dropped because the same delta was already seen or stored. */
  duplicates: number;
  /** Inputs that could not be decoded (kept in `mirror_rejects`). */
  rejected: number;
  /**
   * Deltas their strategy could not decide or the store refused: kept in `mirror_rejects` (kind `decide`
   * or `store`) and not applied; the rest went on.
   */
  refused: number;
}

export interface CursorReport {
  readonly source: string;
  readonly resource: string;
  readonly cursor: string;
}

/** What a sync did: totals, per source, per resource, the cursors it stored. */
export interface SyncReport {
  readonly total: SyncCounts;
  readonly bySource: Readonly<Record<string, SyncCounts>>;
  readonly byResource: Readonly<Record<string, SyncCounts>>;
  /** The last cursor stored per (source, resource) during this run. */
  readonly cursors: readonly CursorReport[];
  /** Transactions that committed something (a batch of duplicates only writes nothing). */
  readonly batches: number;
}

export const emptyCounts = (): SyncCounts => ({
  pulled: 0,
  applied: 0,
  merged: 0,
  skipped: 0,
  duplicates: 0,
  rejected: 0,
  refused: 0,
});
