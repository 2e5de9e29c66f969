import { fromThreadError, toThreadError, type ThreadError } from '../../errors/threadError.js';
import { canonicalJson } from '../../model/canonicalJson.js';
import type { Decision, RefusalStage, RefusedDelta } from '../../model/DecidedBatch.js';
import type { Delta } from '../../model/Delta.js';
import type { CheckpointItem, DeltaItem, MirrorItem, RejectItem } from '../../model/MirrorItem.js';
import type { MirroredRecord } from '../../model/MirroredRecord.js';
import type { Timestamp } from '../../model/Timestamp.js';
import { mirroredRecord, storedPayloadJson } from '../../store/statements/rows.js';
import type { AppliedBatch, AppliedChange } from '../AppliedBatch.js';

/** A record in full: its payload's JSON, then its other fields (resource and id are its delta's). */
type RecordWire = readonly [
  payloadJson: string,
  source: string,
  lastSyncedAt: Timestamp,
  confidence: number,
  version: number,
  occurredAt: Timestamp,
  deltaKey: string,
];
/**
 * The record after a change: null when there is none; `DELTAS_OWN` when it is what the delta itself
 * makes (its payload, provenance, `occurred_at` and key, stamped with the batch's time at the change's
 * version), as an applied upsert's is; the payload's JSON when only the payload differs (a merge);
 * else the position of the record in full in {@link AppliedBatchWire.records}.
 */
type RecordRef = null | string | number;
const DELTAS_OWN = -1;
/** Per change, in {@link AppliedBatchWire.changes}: its item's position, seq, decision, reason, version, record. */
const CHANGE_FIELDS = 6;
type RefusalWire = readonly [item: number, stage: RefusalStage, error: ThreadError];

/**
 * An {@link AppliedBatch} as the writer thread sends it back: the items it names are positions in the
 * batch the caller sent (which the caller still holds), so no delta or payload is copied back.
 */
export interface AppliedBatchWire {
  readonly committedAt: Timestamp;
  /** Per change, {@link CHANGE_FIELDS} flat values: numbers and short strings clone fastest. */
  readonly changes: readonly (number | string | null)[];
  readonly records: readonly RecordWire[];
  readonly refusals: readonly RefusalWire[];
  readonly rejects: readonly number[];
  readonly checkpoints: readonly number[];
  readonly duplicates: readonly number[];
}

/**
 * Positions of deltas in a batch, found in batch order: a writer lists its changes and its refusals
 * each in the order of the batch, so one forward scan per list finds them all.
 */
const deltaPositions = (batch: readonly MirrorItem[]) => {
  let next = 0;
  return (source: string, delta: Delta): number => {
    for (let i = next; i < batch.length; i++) {
      const item = batch[i] as MirrorItem;
      if (item.kind === 'delta' && item.delta === delta && item.source === source) {
        next = i + 1;
        return i;
      }
    }
    throw new Error(`a written delta (${delta.resource}/${delta.record_id}) is not in its batch`);
  };
};

/** Positions of items in a batch, by identity. */
const itemPositions = (batch: readonly MirrorItem[]): ((item: MirrorItem) => number) => {
  const positions = new Map<MirrorItem, number>();
  batch.forEach((item, i) => positions.set(item, i));
  return (item) => {
    const at = positions.get(item);
    if (at === undefined) throw new Error(`a ${item.kind} item the writer reports is not in its batch`);
    return at;
  };
};

/** Whether `record` holds exactly what `delta` (keyed `key`) makes at `version`, committed at `at`. */
const isDeltasOwn = (
  record: MirroredRecord,
  d: Delta,
  key: string,
  version: number | undefined,
  at: Timestamp,
) =>
  record.delta_key === key &&
  record.occurred_at === d.occurred_at &&
  record.source === d.provenance.source &&
  record.confidence === d.provenance.confidence &&
  record.version === version &&
  record.last_synced_at === at;

const recordRef = (
  change: AppliedChange,
  key: string,
  payloadJson: string,
  at: Timestamp,
  records: RecordWire[],
): RecordRef => {
  const { record, delta } = change;
  if (record === undefined) return null;
  // A stored record's JSON is at hand; reading its `payload` would parse it.
  const stored = storedPayloadJson(record);
  const json = stored ?? (record.payload === delta.payload ? payloadJson : canonicalJson(record.payload));
  if (isDeltasOwn(record, delta, key, change.version, at)) return json === payloadJson ? DELTAS_OWN : json;
  const { source, last_synced_at, confidence, version, occurred_at, delta_key } = record;
  records.push([json, source, last_synced_at, confidence, version, occurred_at, delta_key]);
  return records.length - 1;
};

/** On the writer thread: what `applied` committed, by positions in `batch`, the batch it was written from. */
export const appliedBatchToWire = (batch: readonly MirrorItem[], applied: AppliedBatch): AppliedBatchWire => {
  const changeAt = deltaPositions(batch);
  const refusalAt = deltaPositions(batch);
  const itemAt = itemPositions(batch);
  const changes: (number | string | null)[] = [];
  const records: RecordWire[] = [];
  for (const c of applied.changes) {
    const at = changeAt(c.source, c.delta);
    const { key, payloadJson } = batch[at] as DeltaItem;
    changes.push(
      at,
      c.seq,
      c.decision,
      c.reason ?? null,
      c.version ?? null,
      recordRef(c, key, payloadJson, applied.committedAt, records),
    );
  }
  return {
    committedAt: applied.committedAt,
    changes,
    records,
    refusals: applied.refusals.map((r) => [refusalAt(r.source, r.delta), r.stage, toThreadError(r.error)]),
    rejects: applied.rejects.map(itemAt),
    checkpoints: applied.checkpoints.map(itemAt),
    duplicates: applied.duplicates.map(itemAt),
  };
};

const recordFromWire = (
  ref: RecordRef,
  item: DeltaItem,
  version: number | undefined,
  at: Timestamp,
  records: readonly RecordWire[],
): MirroredRecord | undefined => {
  if (ref === null) return undefined;
  const { delta, key } = item;
  const { resource, record_id } = delta;
  if (typeof ref === 'number' && ref !== DELTAS_OWN) {
    const [json, source, lastSyncedAt, confidence, v, occurredAt, deltaKey] = records[ref] as RecordWire;
    return mirroredRecord(
      resource,
      record_id,
      json,
      source,
      lastSyncedAt,
      confidence,
      v,
      occurredAt,
      deltaKey,
    );
  }
  const { source, confidence } = delta.provenance;
  if (typeof ref === 'string') {
    return mirroredRecord(
      resource,
      record_id,
      ref,
      source,
      at,
      confidence,
      version as number,
      delta.occurred_at,
      key,
    );
  }
  // The literal the inline writer's decision builds, field for field.
  return {
    resource,
    record_id,
    payload: delta.payload,
    source,
    last_synced_at: at,
    confidence,
    version: version as number,
    occurred_at: delta.occurred_at,
    delta_key: key,
  };
};

/** On the caller's thread: the {@link AppliedBatch} of `batch` (the items it sent) from the thread's reply. */
export const appliedBatchFromWire = (batch: readonly MirrorItem[], wire: AppliedBatchWire): AppliedBatch => {
  const item = <T extends MirrorItem>(at: number): T => batch[at] as T;
  const changes: AppliedChange[] = [];
  const w = wire.changes;
  for (let i = 0; i < w.length; i += CHANGE_FIELDS) {
    const it = item<DeltaItem>(w[i] as number);
    const version = (w[i + 4] as number | null) ?? undefined;
    changes.push({
      seq: w[i + 1] as number,
      source: it.source,
      delta: it.delta,
      decision: w[i + 2] as Decision,
      reason: (w[i + 3] as string | null) ?? undefined,
      version,
      record: recordFromWire(w[i + 5] as RecordRef, it, version, wire.committedAt, wire.records),
    });
  }
  return {
    committedAt: wire.committedAt,
    changes,
    rejects: wire.rejects.map((at) => item<RejectItem>(at)),
    checkpoints: wire.checkpoints.map((at) => item<CheckpointItem>(at)),
    refusals: wire.refusals.map(([at, stage, error]): RefusedDelta => {
      const { source, delta, key, payloadJson } = item<DeltaItem>(at);
      return {
        kind: 'refused',
        source,
        delta,
        key,
        payloadJson,
        stage,
        error: fromThreadError(error) as RefusedDelta['error'],
      };
    }),
    duplicates: wire.duplicates.map((at) => item<DeltaItem>(at)),
  };
};
