import { asyncScheduler, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { causeMessage } from '../errors/describeCause.js';
import { MirrorError } from '../errors/MirrorError.js';
import { StrategyError } from '../errors/StrategyError.js';
import { canonicalJson } from '../model/canonicalJson.js';
import type {
  DecidedBatch,
  DecidedDelta,
  DecidedItem,
  Decision,
  RefusalPolicy,
  RefusedDelta,
} from '../model/DecidedBatch.js';
import { JsonValue, isJsonObject } from '../model/JsonValue.js';
import { jsonText } from '../codecs/jsonText.js';
import type { DeltaFields, DeltaItem, MirrorItem } from '../model/MirrorItem.js';
import type { MirroredRecord, Tombstone } from '../model/MirroredRecord.js';
import { timestampFromEpochMs, type Timestamp } from '../model/Timestamp.js';
import type { ConflictStrategy, Resolution } from '../strategies/ConflictStrategy.js';

export interface ResolveConflictsOptions {
  /** The strategy for a delta (usually by its resource). */
  readonly strategyFor: (resource: string, item: DeltaItem) => ConflictStrategy;
  /** Reads the committed record (injected: operators do not touch the database). */
  readonly readRecord: (resource: string, recordId: string) => MirroredRecord | undefined;
  readonly readTombstone: (resource: string, recordId: string) => Tombstone | undefined;
  /**
   * Reads a record's whole state at once, with its history head (the writer's one-statement read,
   * `prepareReadRecordState`); when given, `readRecord` and `readTombstone` are not called.
   */
  readonly readState?: (resource: string, recordId: string) => RecordState;
  /** The clock that stamps each batch's decision time (its `committed_at`); default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** Overrides the clock with a time of the batch's own (replay uses the logged commit time). */
  readonly stampBatch?: (batch: readonly MirrorItem[]) => Timestamp;
  /**
   * A delta whose strategy throws or answers something that is not a resolution: `record` (default)
   * makes it a {@link RefusedDelta} in place, for the writer to keep in `mirror_rejects`, and decides
   * the rest of the batch as if it had not come; `fail` throws the {@link StrategyError}.
   */
  readonly onRefusal?: RefusalPolicy;
}

/** The stored state of one record that a decision is made against. */
export interface RecordState {
  readonly current: MirroredRecord | undefined;
  readonly tombstone: Tombstone | undefined;
  /**
   * The seq of the record's last event as stored (`last_seq` of the record or its tombstone; null when
   * it has neither), when the read reports it; absent for a state the batch's earlier deltas made.
   */
  readonly head?: number | null;
}

const callStrategy = (strategy: ConflictStrategy, item: DeltaFields, state: RecordState): Resolution => {
  const { delta } = item;
  let resolution: Resolution;
  try {
    resolution = strategy.resolve(delta, {
      current: state.current,
      tombstone: state.tombstone,
      incomingKey: item.key,
    });
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
      `answered ${jsonText(resolution) ?? typeof resolution}, not apply/skip/applyMerged`,
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
 * Decides one delta with `strategy` against `state`, stamping the record it produces with `at`. Throws
 * the strategy's failure as a {@link StrategyError} (or the {@link MirrorError} it threw).
 */
export const decideDelta = (
  item: DeltaFields,
  state: RecordState,
  strategy: ConflictStrategy,
  at: Timestamp,
): DecidedDelta => {
  const { delta, key } = item;
  const { current, tombstone } = state;
  const resolution = callStrategy(strategy, item, state);
  if (resolution.kind === 'skip') {
    return decided(
      item,
      state,
      strategy,
      'skipped',
      resolution.reason,
      undefined,
      current?.version,
      current,
      tombstone,
    );
  }
  const version = (current?.version ?? tombstone?.version ?? 0) + 1;
  const { resource, record_id, provenance, occurred_at } = delta;
  if (delta.op === 'delete') {
    const dead = {
      resource,
      record_id,
      source: provenance.source,
      confidence: provenance.confidence,
      version,
      occurred_at,
      delta_key: key,
    };
    return decided(item, state, strategy, 'applied', undefined, undefined, version, undefined, dead);
  }
  const merged = resolution.kind === 'applyMerged';
  const payload = merged ? resolution.payload : delta.payload;
  const after: MirroredRecord = {
    resource,
    record_id,
    payload,
    source: provenance.source,
    last_synced_at: at,
    confidence: provenance.confidence,
    version,
    occurred_at,
    delta_key: key,
  };
  const mergedJson = merged ? canonicalJson(payload) : undefined;
  return decided(
    item,
    state,
    strategy,
    merged ? 'merged' : 'applied',
    undefined,
    mergedJson,
    version,
    after,
    undefined,
  );
};

/**
 * The one shape of a decision: every field spelled out in one literal (a spread of a shared base
 * followed by more fields would define each through a slow path, once per delta).
 */
const decided = (
  item: DeltaFields,
  { current, tombstone, head }: RecordState,
  strategy: ConflictStrategy,
  decision: Decision,
  reason: string | undefined,
  mergedJson: string | undefined,
  version: number | undefined,
  after: MirroredRecord | undefined,
  tombstoneAfter: Tombstone | undefined,
): DecidedDelta => ({
  kind: 'decided',
  source: item.source,
  delta: item.delta,
  key: item.key,
  payloadJson: item.payloadJson,
  strategy: strategy.name,
  decision,
  reason,
  mergedJson,
  previousVersion: current?.version ?? tombstone?.version,
  previousSeq: head,
  recordExisted: current !== undefined,
  tombstoneExisted: tombstone !== undefined,
  version,
  after,
  tombstoneAfter,
});

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
    const { source, delta, key, payloadJson } = item;
    return { kind: 'refused', source, delta, key, payloadJson, stage: 'decide', error };
  }
};

/**
 * The state a decision leaves its record in: what the next delta of the same batch is decided against.
 * Without a head: the decision's own event becomes the head once written, and its seq is not known yet.
 */
const stateAfter = (decided: DecidedDelta, state: RecordState): RecordState =>
  decided.decision === 'skipped'
    ? state.head === undefined
      ? state
      : { current: state.current, tombstone: state.tombstone }
    : { current: decided.after, tombstone: decided.tombstoneAfter };

/**
 * Decides deltas with their resource's strategy: a batch against the stored state plus an overlay of
 * its own earlier deltas, or one delta against the stored state as the reads see it now.
 */
export interface ConflictResolver {
  /** The time a batch's decisions are stamped with (its `committed_at`). */
  readonly stamp: (batch: readonly MirrorItem[]) => Timestamp;
  /**
   * Decides each delta of a batch against the state the reads return plus every earlier delta of the
   * same batch. Checkpoints and rejects pass in place. Memory: one overlay entry per distinct record
   * of the batch, dropped with it.
   */
  readonly decideBatch: (batch: readonly MirrorItem[], at?: Timestamp) => DecidedBatch;
  /**
   * Decides one delta against the state the reads return right now, with no overlay: for a writer that
   * decides inside its own transaction, whose reads already see the batch's earlier writes.
   */
  readonly decideOne: (item: DeltaItem, at: Timestamp) => DecidedDelta | RefusedDelta;
}

/** Builds the {@link ConflictResolver} both the operator and the writer decide with. */
export const conflictResolver = (options: ResolveConflictsOptions): ConflictResolver => {
  const scheduler = options.scheduler ?? asyncScheduler;
  const stampBatch = options.stampBatch ?? (() => timestampFromEpochMs(scheduler.now()));
  const { readRecord, readTombstone, strategyFor } = options;
  const onRefusal = options.onRefusal ?? 'record';
  // A live record and its tombstone never coexist: read the tombstone only when there is no record.
  const readState =
    options.readState ??
    ((resource: string, recordId: string): RecordState => {
      const current = readRecord(resource, recordId);
      return { current, tombstone: current === undefined ? readTombstone(resource, recordId) : undefined };
    });
  return {
    stamp: stampBatch,
    decideBatch: (batch, decidedAt = stampBatch(batch)) => {
      // resource → record id → state: no key string built per delta (a batch has few resources).
      const overlay = new Map<string, Map<string, RecordState>>();
      const items: DecidedItem[] = batch.map((item) => {
        if (item.kind !== 'delta') return item;
        const { resource, record_id } = item.delta;
        let ofResource = overlay.get(resource);
        if (ofResource === undefined) {
          ofResource = new Map();
          overlay.set(resource, ofResource);
        }
        const state = ofResource.get(record_id) ?? readState(resource, record_id);
        const decided = decideOrRefuse(item, state, strategyFor(resource, item), decidedAt, onRefusal);
        if (decided.kind === 'decided') ofResource.set(record_id, stateAfter(decided, state));
        return decided;
      });
      return { decidedAt, items };
    },
    decideOne: (item, at) => {
      const { resource, record_id } = item.delta;
      return decideOrRefuse(item, readState(resource, record_id), strategyFor(resource, item), at, onRefusal);
    },
  };
};

/**
 * Decides each delta of a batch with its resource's strategy, against the stored state plus every
 * earlier delta of the same batch (see {@link ConflictResolver}). A delta its strategy cannot decide
 * is refused in place (`onRefusal: 'record'`, the default) or errors the stream (`'fail'`).
 * Assumes each batch is committed before the next is decided; the mirror's writer does better and
 * decides inside its write transaction (`sqliteSink`'s `resolver`).
 */
export const resolveConflicts = (
  options: ResolveConflictsOptions,
): OperatorFunction<readonly MirrorItem[], DecidedBatch> => {
  const resolver = conflictResolver(options);
  return map((batch) => resolver.decideBatch(batch));
};
