import { asyncScheduler, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { MirrorError } from '../errors/MirrorError.js';
import { StrategyError } from '../errors/StrategyError.js';
import { canonicalJson } from '../model/canonicalJson.js';
import type { DecidedBatch, DecidedDelta, DecidedItem } from '../model/DecidedBatch.js';
import { JsonValue, isJsonObject } from '../model/JsonValue.js';
import type { DeltaItem, MirrorItem } from '../model/MirrorItem.js';
import type { MirroredRecord, Tombstone } from '../model/MirroredRecord.js';
import { timestampFromEpochMs, type Timestamp } from '../model/Timestamp.js';
import type { ConflictStrategy, Resolution } from '../strategies/ConflictStrategy.js';

export interface ResolveConflictsOptions {
  /** The strategy for a delta (usually by its resource). */
  readonly strategyFor: (resource: string, item: DeltaItem) => ConflictStrategy;
  /** Reads the committed record (injected: operators do not touch the database). */
  readonly readRecord: (resource: string, recordId: string) => MirroredRecord | undefined;
  readonly readTombstone: (resource: string, recordId: string) => Tombstone | undefined;
  /** The clock that stamps each batch's decision time (its `committed_at`); default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** Overrides the clock with a time of the batch's own (replay uses the logged commit time). */
  readonly stampBatch?: (batch: readonly MirrorItem[]) => Timestamp;
}

interface RecordState {
  readonly current: MirroredRecord | undefined;
  readonly tombstone: Tombstone | undefined;
}

const callStrategy = (strategy: ConflictStrategy, item: DeltaItem, state: RecordState): Resolution => {
  const { delta } = item;
  let resolution: Resolution;
  try {
    resolution = strategy.resolve(delta, { ...state, incomingKey: item.key });
  } catch (cause) {
    if (cause instanceof MirrorError) throw cause;
    throw new StrategyError(strategy.name, delta.resource, delta.record_id, 'it threw', { cause });
  }
  const kind = (resolution as { kind?: unknown } | undefined)?.kind;
  if (kind === 'apply' || kind === 'skip') return resolution;
  if (kind !== 'applyMerged') {
    throw new StrategyError(
      strategy.name,
      delta.resource,
      delta.record_id,
      `answered ${JSON.stringify(resolution)}, not apply/skip/applyMerged`,
    );
  }
  const payload = (resolution as { payload?: unknown }).payload;
  if (delta.op === 'delete') {
    throw new StrategyError(
      strategy.name,
      delta.resource,
      delta.record_id,
      'answered applyMerged for a delete',
    );
  }
  if (!JsonValue.is(payload) || !isJsonObject(payload)) {
    throw new StrategyError(
      strategy.name,
      delta.resource,
      delta.record_id,
      'applyMerged payload is not a JSON object',
    );
  }
  return resolution;
};

const decide = (
  item: DeltaItem,
  state: RecordState,
  strategy: ConflictStrategy,
  at: Timestamp,
): DecidedDelta => {
  const { delta } = item;
  const { current, tombstone } = state;
  const previousVersion = current?.version ?? tombstone?.version;
  const resolution = callStrategy(strategy, item, state);
  // One object literal per outcome, every field spelled out (no spread of a shared base): a spread
  // followed by more fields defines each of them through a slow path, once per delta.
  if (resolution.kind === 'skip') {
    return {
      kind: 'decided',
      item,
      strategy: strategy.name,
      decision: 'skipped',
      reason: resolution.reason,
      mergedJson: undefined,
      previousVersion,
      recordExisted: current !== undefined,
      tombstoneExisted: tombstone !== undefined,
      version: current?.version,
      after: current,
    };
  }
  const version = (previousVersion ?? 0) + 1;
  if (delta.op === 'delete') {
    return {
      kind: 'decided',
      item,
      strategy: strategy.name,
      decision: 'applied',
      reason: undefined,
      mergedJson: undefined,
      previousVersion,
      recordExisted: current !== undefined,
      tombstoneExisted: tombstone !== undefined,
      version,
      after: undefined,
    };
  }
  const merged = resolution.kind === 'applyMerged';
  const payload = merged ? resolution.payload : delta.payload;
  const after: MirroredRecord = {
    resource: delta.resource,
    record_id: delta.record_id,
    payload,
    source: delta.provenance.source,
    last_synced_at: at,
    confidence: delta.provenance.confidence,
    version,
    occurred_at: delta.occurred_at,
    delta_key: item.key,
  };
  return {
    kind: 'decided',
    item,
    strategy: strategy.name,
    decision: merged ? 'merged' : 'applied',
    reason: undefined,
    mergedJson: merged ? canonicalJson(payload) : undefined,
    previousVersion,
    recordExisted: current !== undefined,
    tombstoneExisted: tombstone !== undefined,
    version,
    after,
  };
};

const nextState = (decided: DecidedDelta, state: RecordState): RecordState => {
  if (decided.decision === 'skipped') return state;
  if (decided.item.delta.op === 'upsert') return { current: decided.after, tombstone: undefined };
  const { delta } = decided.item;
  return {
    current: undefined,
    tombstone: {
      resource: delta.resource,
      record_id: delta.record_id,
      source: delta.provenance.source,
      confidence: delta.provenance.confidence,
      version: decided.version ?? 1,
      occurred_at: delta.occurred_at,
      delta_key: decided.item.key,
    },
  };
};

/**
 * The function {@link resolveConflicts} maps each batch through: decides one batch, synchronously.
 * For callers that must run the decision inside a scope of their own (the pipeline runs it in one
 * read transaction per batch); everyone else uses the operator.
 */
export const resolveBatch = (
  options: ResolveConflictsOptions,
): ((batch: readonly MirrorItem[]) => DecidedBatch) => {
  const scheduler = options.scheduler ?? asyncScheduler;
  const stampBatch = options.stampBatch ?? (() => timestampFromEpochMs(scheduler.now()));
  const { readRecord, readTombstone, strategyFor } = options;
  // A live record and its tombstone never coexist: read the tombstone only when there is no record.
  const readState = (resource: string, recordId: string): RecordState => {
    const current = readRecord(resource, recordId);
    return {
      current,
      tombstone: current === undefined ? readTombstone(resource, recordId) : undefined,
    };
  };
  return (batch) => {
    const decidedAt = stampBatch(batch);
    const overlay = new Map<string, RecordState>();
    const items: DecidedItem[] = batch.map((item) => {
      if (item.kind !== 'delta') return item;
      const { resource, record_id } = item.delta;
      const id = `${resource}\u0000${record_id}`;
      const state = overlay.get(id) ?? readState(resource, record_id);
      const decided = decide(item, state, strategyFor(resource, item), decidedAt);
      overlay.set(id, nextState(decided, state));
      return decided;
    });
    return { decidedAt, items };
  };
};

/**
 * Decides each delta of a batch with its resource's strategy, against the committed state plus
 * every earlier delta of the same batch (a batch-local overlay). Checkpoints and rejects pass
 * through in place. Memory: the overlay holds one entry per distinct record of the batch and is
 * dropped with it. Assumes the sink commits each batch before the next one is decided (the
 * pipeline is synchronous from here on; the sink's compare-and-set catches any violation).
 */
export const resolveConflicts = (
  options: ResolveConflictsOptions,
): OperatorFunction<readonly MirrorItem[], DecidedBatch> => map(resolveBatch(options));
