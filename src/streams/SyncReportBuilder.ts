import type { DeltaItem, RejectItem } from '../model/MirrorItem.js';
import type { AppliedBatch } from '../sinks/AppliedBatch.js';
import { emptyCounts, type CursorReport, type SyncCounts, type SyncReport } from './SyncReport.js';

type CountName = keyof SyncCounts;

/**
 * Adds one to a count, by its property's name: `counts[name]++` with a name that varies from call to
 * call is a keyed access V8 cannot cache (megamorphic), paid several times per delta.
 */
const increment = (counts: SyncCounts, name: CountName): void => {
  switch (name) {
    case 'pulled':
      counts.pulled++;
      return;
    case 'applied':
      counts.applied++;
      return;
    case 'merged':
      counts.merged++;
      return;
    case 'skipped':
      counts.skipped++;
      return;
    case 'duplicates':
      counts.duplicates++;
      return;
    case 'rejected':
      counts.rejected++;
      return;
    case 'refused':
      counts.refused++;
      return;
  }
};

/** The counts kept under `key`, added (all zero) the first time. */
const countsOf = (counts: Map<string, SyncCounts>, key: string): SyncCounts => {
  let found = counts.get(key);
  if (found === undefined) {
    found = emptyCounts();
    counts.set(key, found);
  }
  return found;
};

/** Accumulates a {@link SyncReport} from what the pipeline sees and commits. One per run. */
export class SyncReportBuilder {
  private readonly total = emptyCounts();
  private readonly bySource = new Map<string, SyncCounts>();
  private readonly byResource = new Map<string, SyncCounts>();
  private readonly cursors = new Map<string, CursorReport>();
  private batches = 0;

  constructor(sources: readonly string[] = []) {
    for (const source of sources) this.bySource.set(source, emptyCounts());
  }

  private count(name: CountName, source: string, resource: string | undefined): void {
    increment(this.total, name);
    increment(countsOf(this.bySource, source), name);
    if (resource !== undefined) increment(countsOf(this.byResource, resource), name);
  }

  pulled(item: DeltaItem): void {
    this.count('pulled', item.source, item.delta.resource);
  }

  duplicate(item: DeltaItem): void {
    this.count('duplicates', item.source, item.delta.resource);
  }

  rejected(item: RejectItem): void {
    this.count('rejected', item.source, undefined);
  }

  committed(batch: AppliedBatch): void {
    const wrote =
      batch.changes.length + batch.rejects.length + batch.checkpoints.length + batch.refusals.length > 0;
    if (wrote) this.batches++;
    for (const change of batch.changes) this.count(change.decision, change.source, change.delta.resource);
    for (const reject of batch.rejects) this.rejected(reject);
    for (const refused of batch.refusals) this.count('refused', refused.source, refused.delta.resource);
    for (const item of batch.duplicates) this.duplicate(item);
    for (const c of batch.checkpoints)
      this.cursors.set(`${c.source}\u0000${c.resource}`, {
        source: c.source,
        resource: c.resource,
        cursor: c.cursor,
      });
  }

  snapshot(): SyncReport {
    const copy = (m: Map<string, SyncCounts>): Record<string, SyncCounts> =>
      Object.fromEntries(
        [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, { ...v }]),
      );
    return {
      total: { ...this.total },
      bySource: copy(this.bySource),
      byResource: copy(this.byResource),
      cursors: [...this.cursors.values()],
      batches: this.batches,
    };
  }
}
