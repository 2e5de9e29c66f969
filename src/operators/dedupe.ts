import { defer, filter, finalize, type MonoTypeOperatorFunction } from 'rxjs';
import { checkOption } from '../errors/checkOption.js';
import type { DeltaKey } from '../model/deltaKey.js';
import type { DeltaItem, MirrorItem } from '../model/MirrorItem.js';

/** How many distinct delta keys {@link dedupe} remembers per subscription, by default. */
export const DEFAULT_DEDUPE_WINDOW = 100_000;

export interface DedupeOptions {
  /**
   * How many distinct keys the in-memory window holds (a positive integer). When a new key would
   * exceed it, the key that entered the window first is forgotten. Default {@link DEFAULT_DEDUPE_WINDOW}.
   */
  readonly windowSize?: number;
  /**
   * The persisted check, e.g. a lookup of the delta in the event log (`store.isKnownDelta`), so that a
   * delta applied before a restart is recognised after it. Called only for keys not in the window; must
   * be synchronous.
   */
  readonly isKnown?: (item: DeltaItem) => boolean;
  /** Called with each delta that is dropped as a duplicate (for metrics or logs). */
  readonly onDuplicate?: (item: DeltaItem) => void;
}

/**
 * Drops a delta that was already delivered: the same change re-fetched after a restart, or seen by both
 * a webhook and a poll. A {@link DeltaItem} is a duplicate when `isKnown(item)` says so (it is stored),
 * or when its `key` is in the window of recently seen keys *and* was seen from the same source;
 * duplicates are dropped and reported to `onDuplicate`. Checkpoints and rejects pass through untouched,
 * in order.
 *
 * Why a copy from another source passes: its first copy may still be in flight (held in a reorder
 * buffer, not committed), and the second source's next checkpoint must not be stored before it. The copy
 * passes on, behind its first copy in any order by `occurred_at` then key, with its source's checkpoints
 * behind it, and the writer finds it a duplicate once the first copy is in the log. A copy from the
 * same source can go at once: that source's later checkpoints already wait for its first copy.
 *
 * Memory bound: at most `windowSize` keys (22-character strings) with their source per subscription, in
 * a ring buffer and a `Map`, evicted first-in first-out. A duplicate older than the window is caught
 * only by `isKnown`, or by the writer; without them, it passes. A key found by `isKnown` enters the
 * window, so repeats of it do not reach the store again.
 *
 * The window is created per subscription and dropped on completion, error or unsubscribe.
 * If `isKnown` or `onDuplicate` throws, the error is sent downstream as is and the source unsubscribed.
 *
 * @throws {InvalidOptionsError} when `windowSize` is not a positive integer.
 */
export const dedupe = (options: DedupeOptions = {}): MonoTypeOperatorFunction<MirrorItem> => {
  const windowSize = options.windowSize ?? DEFAULT_DEDUPE_WINDOW;
  checkOption.positiveInteger('windowSize', windowSize);
  const { isKnown, onDuplicate } = options;

  return (source) =>
    defer(() => {
      // key → the source it was first seen from, or null when `isKnown` found it stored
      const window = new Map<DeltaKey, string | null>();
      // Keys in the order they entered the window; `next` is where the oldest sits once the ring is full.
      const ring: DeltaKey[] = [];
      let next = 0;

      const remember = (key: DeltaKey, source: string | null): void => {
        if (ring.length < windowSize) {
          ring.push(key);
        } else {
          window.delete(ring[next] as DeltaKey);
          ring[next] = key;
          next = (next + 1) % windowSize;
        }
        window.set(key, source);
      };

      return source.pipe(
        filter((item) => {
          if (item.kind !== 'delta') return true;
          const seenFrom = window.get(item.key);
          if (seenFrom === undefined) {
            // A throw here or below reaches the subscriber's error channel through `filter`.
            const known = isKnown?.(item) ?? false;
            remember(item.key, known ? null : item.source);
            if (!known) return true;
          } else if (seenFrom !== null && seenFrom !== item.source) {
            return true; // its first copy may not be committed yet: see above
          }
          onDuplicate?.(item);
          return false;
        }),
        finalize(() => {
          window.clear();
          ring.length = 0;
        }),
      );
    });
};
