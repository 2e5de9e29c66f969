import {
  EMPTY,
  asyncScheduler,
  catchError,
  concat,
  defer,
  filter,
  map,
  merge,
  tap,
  throwError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { Logger } from 'pino';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { SourceFailedError } from '../errors/SourceFailedError.js';
import type { MirrorItem } from '../model/MirrorItem.js';
import type { SourceEmission } from '../model/SourceEmission.js';
import { batchByCountOrTime } from '../operators/batchByCountOrTime.js';
import { clampConfidence } from '../operators/clampConfidence.js';
import { DEFAULT_DEDUPE_WINDOW, dedupe } from '../operators/dedupe.js';
import { orderByOccurredAt, type OrderByOccurredAtOptions } from '../operators/orderByOccurredAt.js';
import { resolveBatch } from '../operators/resolveConflicts.js';
import type { AppliedBatch } from '../sinks/AppliedBatch.js';
import { sqliteSink } from '../sinks/sqliteSink.js';
import { selectStrategy, type StrategyOptions } from '../strategies/selectStrategy.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import type { SyncReportBuilder } from './SyncReportBuilder.js';
import { toMirrorItem } from './toMirrorItem.js';

/** At most this many items per transaction, by default. */
export const DEFAULT_BATCH_SIZE = 1_000;
/** A batch is committed at the latest this long after its first item, by default. */
export const DEFAULT_BATCH_WAIT_MS = 50;

export interface MirrorPipelineOptions extends StrategyOptions {
  readonly store: MirrorStore;
  /** Each source, by its stable id: an Observable of deltas (and optional checkpoints and rejections). */
  readonly sources: Readonly<Record<string, Observable<SourceEmission>>>;
  readonly batchSize?: number;
  readonly batchWaitMs?: number;
  /** Distinct delta keys remembered in memory; older ones are checked against the event log. */
  readonly dedupeWindow?: number;
  readonly ordering?: Omit<OrderByOccurredAtOptions, 'scheduler'>;
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
  /** Receives the run's counts (used by `createMirror`). */
  readonly report?: SyncReportBuilder;
}

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidOptionsError(name, value, 'expected a positive integer');
  return value;
};

/**
 * The whole mirror as one cold Observable: merge the sources → dedupe (in-memory window) →
 * clampConfidence → orderByOccurredAt → batch (count or time) → [one read transaction: drop deltas
 * already in the event log, resolveConflicts] → sqliteSink. Emits each committed
 * batch. Completes when every source has completed and the last batch is committed. A source that
 * errors ends alone: the others keep flowing, and once they are done and committed the stream
 * errors with a {@link SourceFailedError}. A storage or strategy failure errors the stream at once,
 * after rolling back its batch.
 */
export const mirrorPipeline = (options: MirrorPipelineOptions): Observable<AppliedBatch> =>
  defer(() => {
    const { store, report, logger } = options;
    const scheduler = options.scheduler ?? asyncScheduler;
    const batchSize = positiveInteger('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
    const batchWaitMs = options.batchWaitMs ?? DEFAULT_BATCH_WAIT_MS;
    const maxBuffered = options.ordering?.maxBuffered ?? 10_000;
    const dedupeWindow = positiveInteger('dedupeWindow', options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW);
    // Keys still in flight (ordering buffer + one batch) are not in the event log yet: the
    // in-memory window must cover them, or a duplicate could slip between the two checks.
    if (dedupeWindow < maxBuffered + batchSize) {
      throw new InvalidOptionsError(
        'dedupeWindow',
        dedupeWindow,
        `must be at least ordering.maxBuffered + batchSize (${maxBuffered + batchSize})`,
      );
    }
    const strategyFor = selectStrategy(options);
    const decide = resolveBatch({
      strategyFor,
      readRecord: store.readRecord,
      readTombstone: store.readTombstone,
      scheduler,
    });
    // The persisted half of dedupe: is a delta already in the event log (from an earlier run)? `dedupe`
    // keeps the in-memory window, so only a key seen for the first time in this run gets here, exactly
    // the keys `dedupe` would look up itself; they are looked up per batch, in the read transaction below.
    const dropLogged = (batch: readonly MirrorItem[]): readonly MirrorItem[] => {
      let kept: MirrorItem[] | undefined;
      for (let i = 0; i < batch.length; i++) {
        const item = batch[i] as MirrorItem;
        if (item.kind === 'delta' && store.isKnownDelta(item.key)) {
          report?.duplicate(item);
          kept ??= batch.slice(0, i);
        } else {
          kept?.push(item);
        }
      }
      return kept ?? batch;
    };
    // One read transaction per batch for all its lookups (event log and records): a statement run
    // outside a transaction opens and closes a read transaction of its own (WAL snapshot, shared-memory
    // locks), which cost more than the lookup. Nothing is written here; the sink writes the batch in a
    // transaction of its own, with compare-and-set on every record version.
    const decideInReadTransaction = store.db.transaction((batch: readonly MirrorItem[]) =>
      decide(dropLogged(batch)),
    );
    const failures = new Map<string, unknown>();

    const sources = Object.entries(options.sources).map(([id, source$]) => {
      const log = logger?.child({ source: id });
      return source$.pipe(
        map(toMirrorItem(id)),
        tap({
          next: (item) => {
            if (item.kind === 'delta') report?.pulled(item);
          },
          complete: () => log?.info('source completed'),
        }),
        catchError((err: unknown) => {
          log?.error({ err }, 'source failed; the other sources go on');
          failures.set(id, err);
          return EMPTY;
        }),
      );
    });

    const committed$ = merge(...sources).pipe(
      dedupe({ windowSize: dedupeWindow, onDuplicate: (item) => report?.duplicate(item) }),
      clampConfidence(),
      orderByOccurredAt({ ...options.ordering, maxBuffered, scheduler }),
      batchByCountOrTime<MirrorItem>(batchSize, batchWaitMs, scheduler),
      map((batch) => decideInReadTransaction(batch)),
      filter((batch) => batch.items.length > 0), // every item was a duplicate from the event log
      sqliteSink(store, { logger }),
      tap((batch) => report?.committed(batch)),
    );
    return concat(
      committed$,
      defer(() => (failures.size === 0 ? EMPTY : throwError(() => new SourceFailedError(failures)))),
    );
  });
