import { Observable, type OperatorFunction } from 'rxjs';
import type { LoggedEvent } from '../store/LoggedEvent.js';

/**
 * Groups consecutive events of one original transaction (same `batch`) into arrays of at most
 * `maxSize`, so replay commits them with their original time. Memory: one group.
 */
export const bufferEventsByCommit =
  (maxSize: number): OperatorFunction<LoggedEvent, LoggedEvent[]> =>
  (source) =>
    new Observable<LoggedEvent[]>((subscriber) => {
      let group: LoggedEvent[] = [];
      const subscription = source.subscribe({
        next: (event) => {
          const first = group[0];
          if (first !== undefined && (first.batch !== event.batch || group.length >= maxSize)) {
            const full = group;
            group = [];
            subscriber.next(full);
          }
          group.push(event);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          if (group.length > 0) subscriber.next(group);
          group = [];
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        group = [];
      };
    });
