import {
  EMPTY,
  Observable,
  ReplaySubject,
  Subscription,
  asyncScheduler,
  concatMap,
  defer,
  expand,
  finalize,
  from,
  map,
  tap,
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
 * Prefetch: when a page says it has more, the pull of the next one starts before the page's items go
 * downstream, so the source's waiting overlaps the mirror's writes of the page before; at most one page
 * is held ahead (back-pressure keeps memory at two pages). Unsubscribing aborts a pull in flight, and
 * so does `pullTimeoutMs`. A page is handed on only after a macrotask, so a source that answers at once
 * cannot starve timers and I/O.
 * A page that claims more without moving the cursor is a {@link SourceProtocolError} (pulling the same
 * cursor again would return the same page forever), and nothing of that page is emitted.
 */
export const fromSyncSource = (source: SyncSource, options: FromSyncSourceOptions = {}): ResumableSource => {
  const mode = options.mode ?? 'once';
  const pollIntervalMs = checkOption.nonNegativeMs(
    'pollIntervalMs',
    options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  );
  const pullTimeoutMs = checkOption.timerMs(
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

    return defer(() => {
      /** Pulls started ahead of their turn, each kept until it settles: aborted if unsubscribed first. */
      const started = new Subscription();
      /** The pull of the page after each page handed on, started as it was handed on. */
      const ahead = new WeakMap<Pulled, Observable<Pulled>>();

      /** Subscribes to `pulled` now and replays its one page (or its error) to whoever comes for it. */
      const startNow = (pulled: Observable<Pulled>): Observable<Pulled> => {
        const result = new ReplaySubject<Pulled>(1);
        started.add(pulled.subscribe(result));
        return result;
      };

      // A macrotask between pages: a pull's promise settles as a microtask, and a chain of those alone
      // would hold the event loop (timers, I/O, signals) until the source is caught up.
      const next = (pulled: Pulled): Observable<Pulled> => {
        const upcoming = ahead.get(pulled);
        if (upcoming !== undefined) return timer(0, scheduler).pipe(concatMap(() => upcoming));
        if (mode === 'once') return EMPTY;
        return timer(pollIntervalMs, scheduler).pipe(concatMap(() => pull(pulled.page.cursor)));
      };

      // `expand` hands a page downstream (where its batches are written) before it asks `next` for the
      // following one; the tap in between starts that pull first, so the wait and the writes overlap.
      return pull(context.readCursor(source.resource)).pipe(
        expand(next, 1),
        tap((pulled) => {
          if (pulled.page.hasMore) ahead.set(pulled, startNow(pull(pulled.page.cursor)));
        }),
        finalize(() => started.unsubscribe()),
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
    });
  };
};
