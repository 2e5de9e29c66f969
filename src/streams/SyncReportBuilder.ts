import type { DeltaItem, RejectItem } from '../model/MirrorItem.js';
import type { AppliedBatch } from '../sinks/AppliedBatch.js';
import { emptyCounts, type CursorReport, type SyncCounts, type SyncReport } from './SyncReport.js';

type CountName = keyof SyncCounts;

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
    this.total[name]++;
    const s = this.bySource.get(source) ?? emptyCounts();
    s[name]++;
    this.bySource.set(source, s);
    if (resource === undefined) return;
    const r = this.byResource.get(resource) ?? emptyCounts();
    r[name]++;
    this.byResource.set(resource, r);
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
