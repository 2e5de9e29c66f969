import {
  Observable,
  asyncScheduler,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { checkOption } from '../errors/checkOption.js';

/**
 * Groups values into arrays of at most `maxSize`, emitting a batch when it is full or `maxWaitMs`
 * after its first value, whichever comes first; the last partial batch is emitted on completion.
 * Empty batches are never emitted.
 *
 * Unlike `bufferTime(maxWaitMs, null, maxSize)`, a value that arrives while a full batch is being
 * handed on (re-entrantly, from a downstream subscriber) goes into the next batch instead of being
 * lost: the next batch exists before the full one is emitted.
 *
 * Memory: at most `maxSize` values. Time enters only through `scheduler`.
 */
export const batchByCountOrTime = <T>(
  maxSize: number,
  maxWaitMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<T, T[]> => {
  checkOption.positiveInteger('batchSize', maxSize);
  checkOption.nonNegativeMs('batchWaitMs', maxWaitMs);
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let batch: T[] = [];
      let timer: Subscription | undefined;
      const flush = (): void => {
        timer?.unsubscribe();
        timer = undefined;
        if (batch.length === 0) return;
        const full = batch;
        batch = [];
        subscriber.next(full);
      };
      const subscription = source.subscribe({
        next: (value) => {
          batch.push(value);
          if (batch.length >= maxSize) flush();
          else timer ??= scheduler.schedule(flush, maxWaitMs);
        },
        error: (err: unknown) => {
          batch = [];
          subscriber.error(err);
        },
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        timer?.unsubscribe();
        batch = [];
      };
    });
};
