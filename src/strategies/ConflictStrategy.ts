import type { Delta } from '../model/Delta.js';
import type { DeltaKey } from '../model/deltaKey.js';
import type { JsonValue } from '../model/JsonValue.js';
import type { MirroredRecord, Tombstone } from '../model/MirroredRecord.js';

/** A strategy's answer: write the incoming delta, write a merged payload instead, or leave the record. */
export type Resolution =
  | { readonly kind: 'apply' }
  | { readonly kind: 'applyMerged'; readonly payload: JsonValue }
  | { readonly kind: 'skip'; readonly reason: string };

/** The stored state a strategy decides against, including earlier deltas of the not-yet-committed batch. */
export interface ConflictContext {
  /** The current record, if it exists. */
  readonly current: MirroredRecord | undefined;
  /** The record's tombstone, if its latest change was a delete. */
  readonly tombstone: Tombstone | undefined;
  /** The incoming delta's key: with `current.delta_key`, a deterministic tie-breaker. */
  readonly incomingKey: DeltaKey;
}

/** Decides what to do with an incoming delta. Must be deterministic for replay to reproduce the mirror. */
export type ResolveConflict = (incoming: Delta, context: ConflictContext) => Resolution;

/** A named conflict strategy. The name is stored with every event, so replay can find the strategy. */
export interface ConflictStrategy {
  readonly name: string;
  readonly resolve: ResolveConflict;
}

/** What options accept: a strategy object, or a plain function (named after the function). */
export type StrategyLike = ConflictStrategy | ResolveConflict;

export const apply: Resolution = { kind: 'apply' };
export const skip = (reason: string): Resolution => ({ kind: 'skip', reason });
export const applyMerged = (payload: JsonValue): Resolution => ({ kind: 'applyMerged', payload });

/** Names a plain function as a strategy. */
export const defineStrategy = (name: string, resolve: ResolveConflict): ConflictStrategy => ({
  name,
  resolve,
});

export const toStrategy = (like: StrategyLike): ConflictStrategy =>
  typeof like === 'function' ? defineStrategy(like.name === '' ? 'custom' : like.name, like) : like;
