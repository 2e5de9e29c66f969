import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  catchError,
  concat,
  concatMap,
  defer,
  finalize,
  from,
  merge,
  Subject,
  throwError,
  type Observable,
  type OperatorFunction,
} from 'rxjs';
import type { Logger } from 'pino';
import { checkOption } from '../../errors/checkOption.js';
import { InvalidOptionsError } from '../../errors/InvalidOptionsError.js';
import type { RefusalPolicy } from '../../model/DecidedBatch.js';
import type { MirrorItem } from '../../model/MirrorItem.js';
import { BUILT_IN_STRATEGIES } from '../../strategies/builtInStrategies.js';
import { toStrategy, type StrategyLike } from '../../strategies/ConflictStrategy.js';
import { lastWriteWins } from '../../strategies/lastWriteWins.js';
import type { StrategyOptions } from '../../strategies/selectStrategy.js';
import type { MirrorStore } from '../../store/MirrorStore.js';
import { IN_MEMORY } from '../../store/openStore.js';
import type { AppliedBatch } from '../AppliedBatch.js';
import { startWriterThread, type WriterThreadReplies } from './startWriterThread.js';

/** How many batches may be sent to the writer thread and not yet committed, by default. */
export const DEFAULT_BATCHES_IN_FLIGHT = 2;

export interface SqliteSinkOnThreadOptions extends StrategyOptions {
  /** As `sqliteSink`'s: `record` (default) or `fail`. */
  readonly onRefusal?: RefusalPolicy;
  /**
   * The most batches sent and not yet committed (a positive integer); the next batch waits, blocking
   * this thread, until the oldest commits. This is the back-pressure: a source is pulled no faster
   * than the writer commits. Default {@link DEFAULT_BATCHES_IN_FLIGHT}.
   */
  readonly batchesInFlight?: number;
  /** Receives the writer's log lines (child `component: sqliteSink`), as `sqliteSink` logs them. */
  readonly logger?: Logger;
}

/** The batches a thread committed, then the failure after them, as a stream. */
const emitted = ({ applied, failure }: WriterThreadReplies): Observable<AppliedBatch> =>
  failure === undefined
    ? from(applied)
    : concat(
        from(applied),
        throwError(() => failure),
      );

/** The built thread next to this module; from TypeScript sources (as the tests run), the built one in `dist/`. */
const writerThreadFile = (): string => {
  const here = fileURLToPath(new URL('./writerThread.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = here.replace(`${sep}src${sep}`, `${sep}dist${sep}`);
  if (built !== here && existsSync(built)) return built;
  throw new InvalidOptionsError(
    'writer',
    'thread',
    `the writer thread is not built (no ${here}): run npm run build`,
  );
};

/** The name of a built-in strategy, or an error naming where a strategy of one's own was given. */
const builtInName = (where: string, like: StrategyLike): string => {
  const strategy = toStrategy(like);
  if (BUILT_IN_STRATEGIES.get(strategy.name)?.resolve === strategy.resolve) return strategy.name;
  throw new InvalidOptionsError(
    where,
    strategy.name,
    'the writer thread decides on its own thread, where a strategy of your own (a function) cannot go: ' +
      `use a built-in one (${[...BUILT_IN_STRATEGIES.keys()].join(', ')}) or the inline writer`,
  );
};

/**
 * The mirror's writer on a thread of its own (a `worker_threads` Worker with its own connection to the
 * store's file), so that SQLite's work overlaps everything before it in the pipeline (decoding, keys,
 * ordering), on the second core. It writes each batch exactly as `sqliteSink` does (the same
 * {@link batchWriter}: one transaction per batch, duplicates, decisions inside it, compare-and-set
 * cursors) and emits the same {@link AppliedBatch}es, in batch order, each after its COMMIT. What
 * differs:
 *
 * - At most `batchesInFlight` batches are sent and not committed; beyond that this thread waits (it
 *   blocks, as the inline writer does for every batch). A batch's `AppliedBatch` is emitted when the
 *   next batch is sent, when its reply arrives while this thread is idle, or when the input ends.
 * - Strategies must be built-in (they are sent by name); a strategy of one's own, or a store in memory,
 *   is refused with an {@link InvalidOptionsError} when the operator is created. `committed_at` is the
 *   writer thread's clock.
 * - A batch that fails errors the stream with the writer's error (its class, code and fields), after
 *   the batches before it were emitted; nothing sent after it is written.
 * - When the input completes or errors, every batch sent is committed and emitted first. On
 *   unsubscribe, batches sent and not started are not written; one being written commits (or rolls
 *   back) before the thread closes its connection, and unsubscribing waits for that.
 */
export const sqliteSinkOnThread = (
  store: MirrorStore,
  options: SqliteSinkOnThreadOptions = {},
): OperatorFunction<readonly MirrorItem[], AppliedBatch> => {
  if (store.path === IN_MEMORY || store.path === '') {
    throw new InvalidOptionsError(
      'writer',
      'thread',
      'a store in memory is one connection; the writer thread opens its own, so it needs a file',
    );
  }
  const onRefusal = options.onRefusal ?? 'record';
  if (onRefusal !== 'record' && onRefusal !== 'fail') {
    throw new InvalidOptionsError('onRefusal', onRefusal, 'expected "record" or "fail"');
  }
  const inFlight = checkOption.positiveInteger(
    'batchesInFlight',
    options.batchesInFlight ?? DEFAULT_BATCHES_IN_FLIGHT,
  );
  const strategy = builtInName('strategy', options.strategy ?? lastWriteWins);
  const strategyFor = Object.fromEntries(
    Object.entries(options.strategyFor ?? {}).map(([resource, s]) => [
      resource,
      builtInName(`strategyFor.${resource}`, s),
    ]),
  );
  const file = writerThreadFile();
  const logger = options.logger;

  return (source) =>
    defer(() => {
      const thread = startWriterThread(
        file,
        {
          path: store.path,
          busyTimeoutMs: store.busyTimeoutMs,
          cacheSizeMiB: store.cacheSizeMiB,
          maxSizeMiB: store.maxSizeMiB,
          strategy,
          strategyFor,
          onRefusal,
          logLevel: logger?.level,
        },
        logger,
      );
      // Batches that commit while this thread is idle (a source between pages, a batch cut by time).
      const idle$ = new Subject<AppliedBatch>();
      thread.onIdleReply = (reply) => {
        if (reply instanceof Error) idle$.error(reply);
        else idle$.next(reply);
      };
      const drain = (): Observable<AppliedBatch> =>
        defer(() => {
          const rest = thread.drain();
          idle$.complete();
          return emitted(rest);
        });
      const written$ = source.pipe(
        concatMap((batch) => emitted(thread.write(batch, inFlight))),
        catchError((err: unknown) =>
          concat(
            drain(),
            throwError(() => err),
          ),
        ),
        (committed$) => concat(committed$, drain()),
      );
      return merge(written$, idle$).pipe(finalize(() => thread.close()));
    });
};
