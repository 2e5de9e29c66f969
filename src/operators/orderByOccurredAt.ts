import {
  asyncScheduler,
  Observable,
  Subject,
  takeUntil,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { checkOption } from '../errors/checkOption.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import type { CheckpointItem, DeltaItem, MirrorItem } from '../model/MirrorItem.js';
import { timestampToEpochMs } from '../model/Timestamp.js';
import { MinHeap } from './MinHeap.js';

/** How far (in `occurred_at` time) a delta may trail the watermark's sources and still be put in order. */
export const DEFAULT_ALLOWED_LATENESS_MS = 1_000;
/** How many deltas and held checkpoints {@link orderByOccurredAt} buffers at most, by default. */
export const DEFAULT_MAX_BUFFERED = 10_000;
/** How long (in processing time) a delta waits in {@link orderByOccurredAt} at most, by default. */
export const DEFAULT_MAX_DELAY_MS = 500;
/** How far ahead of the wall clock an `occurred_at` may be and still move the watermark, by default. */
export const DEFAULT_MAX_FUTURE_MS = 24 * 60 * 60 * 1_000;

export interface OrderByOccurredAtOptions {
  /**
   * The watermark trails the sources' newest `occurred_at` by this much; a delta at or below the
   * watermark is released. Non-negative, finite. Default {@link DEFAULT_ALLOWED_LATENESS_MS}.
   */
  readonly allowedLatenessMs?: number;
  /**
   * The most deltas and held checkpoints buffered at once (a positive integer); beyond it the smallest
   * deltas are released early. Default {@link DEFAULT_MAX_BUFFERED}.
   */
  readonly maxBuffered?: number;
  /**
   * The longest a delta waits after its arrival (`scheduler.now()`), in ms; also how long a source may
   * send no delta before it stops holding the watermark back. Non-negative, finite. Default
   * {@link DEFAULT_MAX_DELAY_MS}.
   */
  readonly maxDelayMs?: number;
  /**
   * A delta more than this far ahead of the wall clock (a clock gone wrong, a year 9999) is still
   * ordered and released by the other bounds, but does not move the watermark: one such delta would
   * otherwise put every later delta behind the watermark and end reordering for the run. Non-negative;
   * `Infinity` turns the guard off. Default {@link DEFAULT_MAX_FUTURE_MS} (a day).
   */
  readonly maxFutureMs?: number;
  /** The wall clock `maxFutureMs` is measured against, in epoch ms. Default `Date.now`. */
  readonly wallClock?: () => number;
  /** The clock and timer of the processing-time bound. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** A buffered delta, in the heap (by `occurred_at`) and in the arrival list (by `seq`) at once. */
interface Buffered {
  readonly item: DeltaItem;
  readonly occurredMs: number;
  /** Arrival number: the last tie-break, between copies of one delta (they keep their arrival order). */
  readonly seq: number;
  /** `scheduler.now()` at arrival. */
  readonly arrivedAt: number;
  /** Its source lane's checkpoint count at arrival: the segment of the lane it belongs to. */
  readonly tag: number;
  older: Buffered | undefined;
  newer: Buffered | undefined;
}

/**
 * One source's deltas, cut into segments by its checkpoints: segment `i` counts the buffered deltas
 * that arrived after the source's checkpoint `i - 1` and before checkpoint `i`, which closes it.
 * A checkpoint may go once its segment and all earlier ones are empty. The last segment is open.
 */
interface Lane {
  /** The tag of `segments[0]`. */
  baseTag: number;
  readonly segments: { pending: number; checkpoint: CheckpointItem | undefined }[];
}

/** One source's watermark: the newest `occurred_at` it sent, and when it last sent a delta. */
interface SourceClock {
  newestMs: number;
  lastArrival: number;
}

/**
 * `occurred_at`, then the tie-break last-write-wins uses (provenance source, then delta key; smaller
 * first, so that the one LWW keeps comes last whatever the arrival order), then arrival.
 */
const byOccurredAtThenTieBreak = (a: Buffered, b: Buffered): number => {
  // Milliseconds first (a number compare), then the full canonical text for sub-millisecond digits:
  // the same order as comparing the text alone, since `occurredMs` is the text truncated to the ms.
  if (a.occurredMs !== b.occurredMs) return a.occurredMs - b.occurredMs;
  const x = a.item.delta.occurred_at;
  const y = b.item.delta.occurred_at;
  if (x !== y) return x < y ? -1 : 1;
  const p = a.item.delta.provenance.source;
  const q = b.item.delta.provenance.source;
  if (p !== q) return p < q ? -1 : 1;
  if (a.item.key !== b.item.key) return a.item.key < b.item.key ? -1 : 1;
  return a.seq - b.seq;
};

/**
 * Puts deltas in `occurred_at` order within a bounded reorder window, so that what happened first is
 * applied first even when sources interleave or deliver out of order.
 *
 * - Deltas wait in a min-heap ordered by `occurred_at` (canonical timestamps: string order is time
 *   order); deltas of one instant in the order last-write-wins breaks ties (provenance source, then
 *   delta key, smaller first), so versions and logged decisions do not depend on arrival order; copies
 *   of one delta in arrival order.
 * - Watermark, across the sources (`item.source`) still emitting: the smallest of their newest
 *   `occurred_at` (each not counting one more than `maxFutureMs` ahead of the wall clock), minus
 *   `allowedLatenessMs`. A source that sent no delta for `maxDelayMs` no longer holds it back (when
 *   none is emitting, the newest of all counts), so a fast source does not make a slow one's deltas
 *   late, and a silent one does not stall the others. After each arrival, every buffered delta at or
 *   below the watermark is released, smallest first.
 * - Size bound: when more than `maxBuffered` deltas and held checkpoints are buffered, the smallest
 *   deltas are released until `maxBuffered` remain.
 * - Time bound: no delta waits more than `maxDelayMs` after its arrival on `scheduler`. One scheduled
 *   action at a time watches the oldest arrival; when it fires, the smallest deltas are released until
 *   every delta that arrived `maxDelayMs` ago or earlier is out, so the output stays in order.
 * - Nothing is dropped. A delta later than the window (older than something already released) is
 *   released at once, out of order, for the conflict strategy downstream to judge.
 * - A checkpoint never overtakes a delta of its own source (`item.source`) that arrived before it: it is
 *   held until those deltas are released and then emitted right after them, in arrival order with the
 *   source's other checkpoints. Checkpoints of other sources do not wait for it. Rejects pass at once.
 * - On completion, all buffered deltas are released in order (each held checkpoint right after the last
 *   delta it waits for), then the output completes. On error, the buffer is discarded (its deltas and
 *   held checkpoints are never emitted, so no cursor covers them) and the error is forwarded.
 *   On unsubscribe, the scheduled action is cancelled and the buffer cleared.
 *
 * Memory bound: at most `maxBuffered` deltas and held checkpoints, plus one lane per source that has
 * some of them buffered and one clock per source that sent a delta. Latency bound: `maxDelayMs` past arrival (plus the scheduler's own delay).
 *
 * Every `occurred_at` is canonical: the edge (`toMirrorItem`) decoded it.
 *
 * @throws {InvalidOptionsError} naming the option when an option is out of range.
 */
export const orderByOccurredAt = (
  options: OrderByOccurredAtOptions = {},
): MonoTypeOperatorFunction<MirrorItem> => {
  const allowedLatenessMs = checkOption.nonNegativeMs(
    'allowedLatenessMs',
    options.allowedLatenessMs ?? DEFAULT_ALLOWED_LATENESS_MS,
  );
  const maxDelayMs = checkOption.nonNegativeMs('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const maxBuffered = checkOption.positiveInteger('maxBuffered', options.maxBuffered ?? DEFAULT_MAX_BUFFERED);
  const maxFutureMs = options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS;
  if (typeof maxFutureMs !== 'number' || Number.isNaN(maxFutureMs) || maxFutureMs < 0) {
    throw new InvalidOptionsError('maxFutureMs', maxFutureMs, 'expected a number of milliseconds, 0 or more');
  }
  // The wall clock on purpose, not `scheduler.now()`: this compares data time (`occurred_at`) with the
  // real present, which a virtual scheduler's clock (starting at 0) does not stand for.
  // eslint-disable-next-line no-restricted-properties
  const wallClock = options.wallClock ?? Date.now;
  const scheduler = options.scheduler ?? asyncScheduler;

  return (source) =>
    new Observable<MirrorItem>((subscriber) => {
      const heap = new MinHeap<Buffered>(byOccurredAtThenTieBreak);
      const lanes = new Map<string, Lane>();
      const clocks = new Map<string, SourceClock>();
      let oldest: Buffered | undefined; // arrival list: oldest → newest
      let newest: Buffered | undefined;
      let heldCheckpoints = 0;
      let seq = 0;
      let timer: Subscription | undefined;

      const cancelTimer = (): void => {
        timer?.unsubscribe();
        timer = undefined;
      };

      const clear = (): void => {
        cancelTimer();
        heap.clear();
        lanes.clear();
        clocks.clear();
        oldest = newest = undefined;
        heldCheckpoints = 0;
      };

      /** Emits the source's checkpoints whose deltas are all out; forgets the lane once it is empty. */
      const flushLane = (sourceName: string): void => {
        const lane = lanes.get(sourceName);
        if (lane === undefined) return;
        for (let head = lane.segments[0]; head !== undefined && !subscriber.closed; head = lane.segments[0]) {
          if (head.pending > 0) return;
          if (head.checkpoint === undefined) break; // the open segment, empty: nothing buffered remains
          lane.segments.shift();
          lane.baseTag++;
          heldCheckpoints--;
          subscriber.next(head.checkpoint);
        }
        if (lane.segments.length === 1 && lane.segments[0]?.pending === 0) lanes.delete(sourceName);
      };

      /** Releases the smallest buffered delta, then whatever checkpoints were waiting for it. */
      const releaseMin = (): void => {
        const entry = heap.pop();
        if (entry === undefined) return;
        if (entry.older === undefined) oldest = entry.newer;
        else entry.older.newer = entry.newer;
        if (entry.newer === undefined) newest = entry.older;
        else entry.newer.older = entry.older;
        const lane = lanes.get(entry.item.source);
        const segment = lane?.segments[entry.tag - lane.baseTag];
        if (segment !== undefined) segment.pending--;
        subscriber.next(entry.item);
        flushLane(entry.item.source);
      };

      /** Keeps the one scheduled action aimed at the oldest arrival, or cancels it when none is left. */
      const armTimer = (): void => {
        if (oldest === undefined) {
          cancelTimer();
          return;
        }
        if (timer !== undefined) return; // fires no later than the oldest's deadline, then re-arms
        const delay = Math.max(0, oldest.arrivedAt + maxDelayMs - scheduler.now());
        timer = scheduler.schedule(onTimer, delay);
      };

      const onTimer = (): void => {
        timer = undefined;
        const now = scheduler.now();
        while (oldest !== undefined && oldest.arrivedAt + maxDelayMs <= now && !subscriber.closed)
          releaseMin();
        if (!subscriber.closed) armTimer();
      };

      /** The smallest newest `occurred_at` of the sources still emitting, else the newest of all. */
      const watermarkSource = (): number => {
        const now = scheduler.now();
        let emitting = Infinity;
        let newestOfAll = -Infinity;
        for (const clock of clocks.values()) {
          if (clock.newestMs === -Infinity) continue; // only deltas too far in the future so far
          if (clock.newestMs > newestOfAll) newestOfAll = clock.newestMs;
          if (now - clock.lastArrival < maxDelayMs && clock.newestMs < emitting) emitting = clock.newestMs;
        }
        return emitting === Infinity ? newestOfAll : emitting;
      };

      /** Applies the watermark and the size bound after an arrival. */
      const releaseDue = (): void => {
        const watermark = watermarkSource() - allowedLatenessMs;
        for (let min = heap.peek(); min !== undefined && min.occurredMs <= watermark; min = heap.peek()) {
          if (subscriber.closed) return;
          releaseMin();
        }
        // A held checkpoint waits for at least one buffered delta, so the heap is not empty here.
        while (heap.size > 0 && heap.size + heldCheckpoints > maxBuffered && !subscriber.closed) releaseMin();
        if (!subscriber.closed) armTimer();
      };

      const onDelta = (item: DeltaItem): void => {
        const occurredMs = timestampToEpochMs(item.delta.occurred_at);
        let lane = lanes.get(item.source);
        if (lane === undefined) {
          lane = { baseTag: 0, segments: [{ pending: 0, checkpoint: undefined }] };
          lanes.set(item.source, lane);
        }
        const open = lane.segments[lane.segments.length - 1];
        if (open !== undefined) open.pending++;
        const entry: Buffered = {
          item,
          occurredMs,
          seq: seq++,
          arrivedAt: scheduler.now(),
          tag: lane.baseTag + lane.segments.length - 1,
          older: newest,
          newer: undefined,
        };
        if (newest === undefined) oldest = entry;
        else newest.newer = entry;
        newest = entry;
        heap.push(entry);
        let clock = clocks.get(item.source);
        if (clock === undefined) {
          clock = { newestMs: -Infinity, lastArrival: entry.arrivedAt };
          clocks.set(item.source, clock);
        }
        clock.lastArrival = entry.arrivedAt;
        if (occurredMs > clock.newestMs && occurredMs - wallClock() <= maxFutureMs)
          clock.newestMs = occurredMs;
        releaseDue();
      };

      const onCheckpoint = (item: CheckpointItem): void => {
        const lane = lanes.get(item.source);
        if (lane === undefined) {
          subscriber.next(item); // nothing of its source is buffered
          return;
        }
        const open = lane.segments[lane.segments.length - 1];
        if (open !== undefined) open.checkpoint = item;
        lane.segments.push({ pending: 0, checkpoint: undefined });
        heldCheckpoints++;
        flushLane(item.source);
        releaseDue();
      };

      // When the subscriber is closed downstream (e.g. by `take`) while a synchronous source is still
      // inside `subscribe`, the teardown below is not registered yet; this notifier stops the source.
      const unsubscribed = new Subject<void>();
      subscriber.add(() => {
        unsubscribed.next();
        clear();
      });

      return source.pipe(takeUntil(unsubscribed)).subscribe({
        next: (item) => {
          if (subscriber.closed) return;
          switch (item.kind) {
            case 'delta':
              onDelta(item);
              return;
            case 'checkpoint':
              onCheckpoint(item);
              return;
            case 'reject':
              subscriber.next(item);
              return;
          }
        },
        error: (err: unknown) => {
          clear();
          subscriber.error(err);
        },
        complete: () => {
          if (subscriber.closed) return; // stopped by `unsubscribed`
          cancelTimer();
          while (heap.size > 0 && !subscriber.closed) releaseMin();
          subscriber.complete();
        },
      });
    });
};
