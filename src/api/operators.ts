/**
 * `oxide-mirror/operators`: the pipeline's stages as pipeable RxJS operators, for assembling a
 * pipeline of your own or using one stage alone. Each is pure (`(source) => Observable`), bounded
 * (its doc says how), and takes time only from an RxJS scheduler.
 */
export { dedupe, DEFAULT_DEDUPE_WINDOW, type DedupeOptions } from '../operators/dedupe.js';
export { clampConfidence } from '../operators/clampConfidence.js';
export {
  orderByOccurredAt,
  DEFAULT_ALLOWED_LATENESS_MS,
  DEFAULT_MAX_BUFFERED,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_FUTURE_MS,
  type OrderByOccurredAtOptions,
} from '../operators/orderByOccurredAt.js';
export { batchByCountOrTime } from '../operators/batchByCountOrTime.js';
export {
  resolveConflicts,
  conflictResolver,
  decideDelta,
  type ConflictResolver,
  type RecordState,
  type ResolveConflictsOptions,
} from '../operators/resolveConflicts.js';
export { deepMerge } from '../strategies/deepMerge.js';
export { BUILT_IN_STRATEGIES } from '../strategies/builtInStrategies.js';
export { selectStrategy, strategyByName, type StrategySelector } from '../strategies/selectStrategy.js';
