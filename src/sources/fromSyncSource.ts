import {
  EMPTY,
  Observable,
  asyncScheduler,
  concatMap,
  defer,
  expand,
  from,
  map,
  throwError,
  timeout,
  timer,
  type SchedulerLike,
} from 'rxjs';
import { checkOption } from '../errors/checkOption.js';
import { SourceProtocolError } from '../errors/SourceProtocolError.js';
import { SourceTimeoutError } from '../errors/SourceTimeoutError.js';
import { checkpoint, type SourceEmission } from '../model/SourceEmission.js';
import type { ResumableSource, SourceContext } from './MirrorSource.js';
import type { Page, SyncSource } from './SyncSource.js';

/** How long a live source waits, once caught up, before pulling again. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
/**
 * How long one pull may take before it is aborted and the source fails, by default: a last-resort
 * bound for sources without a timeout of their own (the HTTP and CouchDB sources time out each request
 * and retry well within it).
 */
export const DEFAULT_PULL_TIMEOUT_MS = 15 * 60_000;

export interface FromSyncSourceOptions {
  /** `once`: pull until caught up, then complete. `live`: keep polling. Default `once`. */
  readonly mode?: 'once' | 'live';
  readonly pollIntervalMs?: number;
  /**
   * A pull that has not settled after this long is aborted (its signal fires) and the source fails
   * with a {@link SourceTimeoutError}; the mirror's other sources go on. Default
   * {@link DEFAULT_PULL_TIMEOUT_MS}.
   */
  readonly pullTimeoutMs?: number;
  readonly scheduler?: SchedulerLike;
}

interface Pulled {
  readonly from: string | undefined;
  readonly page: Page;
}

/**
 * Turns a pull-based {@link SyncSource} into a source of a mirror: resumes from the cursor stored under
 * the mirror's key for it ({@link SourceContext}), pulls page after page while the source says it has
 * more, emits each page's deltas followed by a checkpoint of its cursor, then completes (`once`) or
 * polls every `pollIntervalMs` (`live`).
 *
 * One pull is in flight at a time; unsubscribing aborts it, and so does `pullTimeoutMs`. Between two
 * pulls it yields to the event loop, so a source that answers at once cannot starve timers and I/O.
 * A page that claims more without moving the cursor is a {@link SourceProtocolError} (pulling the same
 * cursor again would return the same page forever), and nothing of that page is emitted.
 */
export const fromSyncSource = (source: SyncSource, options: FromSyncSourceOptions = {}): ResumableSource => {
  const mode = options.mode ?? 'once';
  const pollIntervalMs = checkOption.nonNegativeMs(
    'pollIntervalMs',
    options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  );
  const pullTimeoutMs = checkOption.positiveMs(
    'pullTimeoutMs',
    options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS,
  );
  const scheduler = options.scheduler ?? asyncScheduler;

  return (context: SourceContext): Observable<SourceEmission> => {
    const logger = context.logger?.child({ resource: source.resource });

    const pull = (cursor: string | undefined): Observable<Pulled> =>
      new Observable<Page>((subscriber) => {
        const controller = new AbortController();
        source.pull(cursor, { signal: controller.signal, logger }).then(
          (page) => {
            subscriber.next(page);
            subscriber.complete();
          },
          (err: unknown) => subscriber.error(err),
        );
        return () => controller.abort();
      }).pipe(
        timeout({
          first: pullTimeoutMs,
          scheduler,
          with: () =>
            throwError(() => new SourceTimeoutError(context.id, source.resource, cursor, pullTimeoutMs)),
        }),
        map((page): Pulled => {
          if (page.hasMore && page.cursor === cursor) {
            throw new SourceProtocolError(
              context.id,
              source.resource,
              cursor,
              `a page (${page.emissions.length} items) claims more but the cursor did not move; pulling it again would return it again`,
            );
          }
          return { from: cursor, page };
        }),
      );

    // A macrotask between pulls: a pull's promise settles as a microtask, and a chain of those alone
    // would hold the event loop (timers, I/O, signals) until the source is caught up.
    const next = ({ page }: Pulled): Observable<Pulled> => {
      if (page.hasMore) return timer(0, scheduler).pipe(concatMap(() => pull(page.cursor)));
      if (mode === 'once') return EMPTY;
      return timer(pollIntervalMs, scheduler).pipe(concatMap(() => pull(page.cursor)));
    };

    return defer(() => pull(context.readCursor(source.resource))).pipe(
      expand(next, 1),
      concatMap(({ from: previous, page }) => {
        logger?.debug(
          { items: page.emissions.length, cursor: page.cursor, hasMore: page.hasMore },
          'pulled a page',
        );
        const items: SourceEmission[] = [...page.emissions];
        if (page.cursor !== previous) items.push(checkpoint(source.resource, page.cursor));
        return from(items);
      }),
    );
  };
};
