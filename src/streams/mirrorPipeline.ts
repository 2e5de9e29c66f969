import {
  EMPTY,
  asyncScheduler,
  catchError,
  concat,
  defer,
  map,
  merge,
  tap,
  throwError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { Logger } from 'pino';
import { checkOption } from '../errors/checkOption.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { SourceFailedError } from '../errors/SourceFailedError.js';
import type { RefusalPolicy } from '../model/DecidedBatch.js';
import type { MirrorItem } from '../model/MirrorItem.js';
import type { SourceEmission } from '../model/SourceEmission.js';
import { batchByCountOrTime } from '../operators/batchByCountOrTime.js';
import { clampConfidence } from '../operators/clampConfidence.js';
import { DEFAULT_DEDUPE_WINDOW, dedupe } from '../operators/dedupe.js';
import { orderByOccurredAt, type OrderByOccurredAtOptions } from '../operators/orderByOccurredAt.js';
import type { AppliedBatch } from '../sinks/AppliedBatch.js';
import { sqliteSink } from '../sinks/sqliteSink.js';
import { sqliteSinkOnThread } from '../sinks/writerThread/sqliteSinkOnThread.js';
import type { MirrorSource } from '../sources/MirrorSource.js';
import type { StrategyOptions } from '../strategies/selectStrategy.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import type { SyncReportBuilder } from './SyncReportBuilder.js';
import { toMirrorItem } from './toMirrorItem.js';

/** At most this many items per transaction, by default. */
export const DEFAULT_BATCH_SIZE = 1_000;
/** A batch is committed at the latest this long after its first item, by default. */
export const DEFAULT_BATCH_WAIT_MS = 50;

/** Where a mirror's batches are written: on the pipeline's thread, or on a writer thread of its own. */
export type MirrorWriter = 'inline' | 'thread';

export interface MirrorPipelineOptions extends StrategyOptions {
  readonly store: MirrorStore;
  /**
   * Each source by its key: the one name its cursors are stored and read under, and its name in
   * reports and logs. An Observable of deltas (and optional checkpoints and rejections), or a
   * resumable source such as `fromSyncSource(...)`, which is handed its stored cursors when the run starts.
   */
  readonly sources: Readonly<Record<string, MirrorSource>>;
  readonly batchSize?: number;
  readonly batchWaitMs?: number;
  /**
   * Distinct delta keys remembered in memory, to drop a source's repeats before they are ordered and
   * batched. Any positive size is correct: what passes it is still found a duplicate by the writer.
   */
  readonly dedupeWindow?: number;
  readonly ordering?: Omit<OrderByOccurredAtOptions, 'scheduler'>;
  /**
   * A delta its strategy cannot decide (it throws, or answers something that is not a resolution) or
   * that the store refuses: `record` (default) keeps it in `mirror_rejects` (kind `decide` or `store`),
   * counts it as `refused`, and commits the rest of its batch and the cursors; `fail` rolls the batch
   * back and fails the run with the cause.
   */
  readonly onRefusal?: RefusalPolicy;
  /**
   * Where batches are written: `inline` (default), on this thread, as each batch is cut; or `thread`,
   * on a writer thread of its own with its own connection, so that SQLite's work overlaps the stages
   * before it on a second core (at most `batchesInFlight` batches ahead; see `sqliteSinkOnThread`).
   * `thread` takes built-in strategies only (by name), a store in a file, and no `scheduler`: each is
   * refused with an `InvalidOptionsError` naming it.
   */
  readonly writer?: MirrorWriter;
  /** With `writer: 'thread'`: batches sent to the thread and not yet committed, at most. Default 2. */
  readonly batchesInFlight?: number;
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
  /** Receives the run's counts (used by `createMirror`). */
  readonly report?: SyncReportBuilder;
}

/**
 * The whole mirror as one cold Observable, its stages in order:
 *
 * ```
 * sources ─ toMirrorItem (the edge) ─ merge ─ dedupe ─ clampConfidence ─ orderByOccurredAt
 *   ─ batchByCountOrTime ─ sqliteSink (one transaction per batch: duplicates, decisions, writes)
 * ```
 *
 * Emits each committed batch. Completes when every source has completed and the last batch is
 * committed. A source that errors ends alone: the others keep flowing, and once they are done and
 * committed the stream errors with a {@link SourceFailedError}. A delta that cannot be decided or
 * stored is refused alone (`onRefusal`); a storage failure errors the stream at once, after rolling
 * back its batch.
 */
export const mirrorPipeline = (options: MirrorPipelineOptions): Observable<AppliedBatch> =>
  defer(() => {
    const { store, report, logger } = options;
    const scheduler = options.scheduler ?? asyncScheduler;
    const batchSize = checkOption.positiveInteger('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
    const batchWaitMs = options.batchWaitMs ?? DEFAULT_BATCH_WAIT_MS;
    const dedupeWindow = checkOption.positiveInteger(
      'dedupeWindow',
      options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW,
    );
    const failures = new Map<string, unknown>();
    const writer = options.writer ?? 'inline';
    if (writer !== 'inline' && writer !== 'thread') {
      throw new InvalidOptionsError('writer', writer, 'expected "inline" or "thread"');
    }
    if (writer === 'thread' && options.scheduler !== undefined) {
      throw new InvalidOptionsError(
        'scheduler',
        'a scheduler',
        'the writer thread stamps each commit with its own clock; a scheduler goes with writer "inline"',
      );
    }
    const strategies = {
      ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
      ...(options.strategyFor === undefined ? {} : { strategyFor: options.strategyFor }),
      ...(options.onRefusal === undefined ? {} : { onRefusal: options.onRefusal }),
      ...(logger === undefined ? {} : { logger }),
    };
    const sink =
      writer === 'thread'
        ? sqliteSinkOnThread(store, {
            ...strategies,
            ...(options.batchesInFlight === undefined ? {} : { batchesInFlight: options.batchesInFlight }),
          })
        : sqliteSink(store, { ...strategies, scheduler });

    const sources = Object.entries(options.sources).map(([id, source]) => {
      const log = logger?.child({ source: id });
      const source$: Observable<SourceEmission> =
        typeof source === 'function'
          ? source({ id, readCursor: (resource) => store.readCursor(id, resource), logger: log })
          : source;
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
      orderByOccurredAt({ ...options.ordering, scheduler }),
      batchByCountOrTime<MirrorItem>(batchSize, batchWaitMs, scheduler),
      sink,
      tap((batch) => report?.committed(batch)),
    );
    return concat(
      committed$,
      defer(() => (failures.size === 0 ? EMPTY : throwError(() => new SourceFailedError(failures)))),
    );
  });
