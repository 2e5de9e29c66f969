import { asyncScheduler, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { causeMessage } from '../errors/describeCause.js';
import { MirrorError } from '../errors/MirrorError.js';
import { StrategyError } from '../errors/StrategyError.js';
import { canonicalJson } from '../model/canonicalJson.js';
import type {
  DecidedBatch,
  DecidedDelta,
  DecidedItem,
  RefusalPolicy,
  RefusedDelta,
} from '../model/DecidedBatch.js';
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
  /**
   * A delta whose strategy throws or answers something that is not a resolution: `record` (default)
   * makes it a {@link RefusedDelta} in place, for the sink to keep in `mirror_rejects`, and decides the
   * rest of the batch as if it had not come; `fail` errors the stream with the {@link StrategyError}.
   */
  readonly onRefusal?: RefusalPolicy;
}

/** The stored state of one record that a decision is made against. */
export interface RecordState {
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
    throw new StrategyError(
      strategy.name,
      delta.resource,
      delta.record_id,
      `it threw (${causeMessage(cause)})`,
      {
        cause,
      },
    );
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

/**
 * Decides one delta with `strategy` against `state`, stamping a resulting record with `at`. Throws the
 * strategy's failure as a {@link StrategyError} (or the {@link MirrorError} it threw).
 */
export const decideDelta = (
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

/** The decision, or the refusal when the strategy cannot decide and refusals are recorded. */
const decideOrRefuse = (
  item: DeltaItem,
  state: RecordState,
  strategy: ConflictStrategy,
  at: Timestamp,
  onRefusal: RefusalPolicy,
): DecidedDelta | RefusedDelta => {
  if (onRefusal === 'fail') return decideDelta(item, state, strategy, at);
  try {
    return decideDelta(item, state, strategy, at);
  } catch (cause) {
    const error =
      cause instanceof MirrorError
        ? cause
        : new StrategyError(strategy.name, item.delta.resource, item.delta.record_id, 'it failed', { cause });
    return { kind: 'refused', item, stage: 'decide', error };
  }
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

/** Reads a record's stored state; a live record and its tombstone never coexist. */
const stateReader =
  (options: ResolveConflictsOptions) =>
  (resource: string, recordId: string): RecordState => {
    const current = options.readRecord(resource, recordId);
    return {
      current,
      tombstone: current === undefined ? options.readTombstone(resource, recordId) : undefined,
    };
  };

/**
 * Decides one delta against the state the reads return right now, with no batch overlay: for a writer
 * that decides inside its own write transaction, where the reads already see the batch's earlier writes
 * (the sink does, when it isolates a delta the store refused).
 */
export const decideAgainstStore = (
  options: Omit<ResolveConflictsOptions, 'scheduler' | 'stampBatch'>,
): ((item: DeltaItem, at: Timestamp) => DecidedDelta | RefusedDelta) => {
  const readState = stateReader(options);
  const onRefusal = options.onRefusal ?? 'record';
  return (item, at) => {
    const { resource, record_id } = item.delta;
    return decideOrRefuse(
      item,
      readState(resource, record_id),
      options.strategyFor(resource, item),
      at,
      onRefusal,
    );
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
  const { strategyFor } = options;
  const onRefusal = options.onRefusal ?? 'record';
  const readState = stateReader(options);
  return (batch) => {
    const decidedAt = stampBatch(batch);
    const overlay = new Map<string, RecordState>();
    const items: DecidedItem[] = batch.map((item) => {
      if (item.kind !== 'delta') return item;
      const { resource, record_id } = item.delta;
      const id = `${resource}\u0000${record_id}`;
      const state = overlay.get(id) ?? readState(resource, record_id);
      const decided = decideOrRefuse(item, state, strategyFor(resource, item), decidedAt, onRefusal);
      if (decided.kind === 'decided') overlay.set(id, nextState(decided, state));
      return decided;
    });
    return { decidedAt, items };
  };
};

/**
 * Decides each delta of a batch with its resource's strategy, against the committed state plus
 * every earlier delta of the same batch (a batch-local overlay). Checkpoints and rejects pass
 * through in place. A delta its strategy cannot decide is refused in place (`onRefusal: 'record'`,
 * the default) or errors the stream (`'fail'`). Memory: the overlay holds one entry per distinct record of the batch and is
 * dropped with it. Assumes the sink commits each batch before the next one is decided (the
 * pipeline is synchronous from here on; the sink's compare-and-set catches any violation).
 */
export const resolveConflicts = (
  options: ResolveConflictsOptions,
): OperatorFunction<readonly MirrorItem[], DecidedBatch> => map(resolveBatch(options));
