import { Observable } from 'rxjs';
import type { LoggedEvent } from '../store/LoggedEvent.js';
import { connectionOf } from '../store/connectionOf.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import { prepareReadEvents } from '../store/statements/readEvents.js';

export interface EventLogOptions {
  /** Emit events with a sequence number greater than this. Default 0: the whole log. */
  readonly afterSeq?: number;
  /** Events read per query. Memory holds one page. Default 1,000. */
  readonly pageSize?: number;
}

/**
 * The event log as a cold Observable, in sequence order, read a page at a time: a service can
 * fold it into a projection of its own. Completes at the end of the log as it is when reached;
 * stops reading as soon as the subscriber unsubscribes.
 */
export const eventLog = (store: MirrorStore, options: EventLogOptions = {}): Observable<LoggedEvent> =>
  new Observable<LoggedEvent>((subscriber) => {
    const readEvents = prepareReadEvents(connectionOf(store));
    const pageSize = options.pageSize ?? 1_000;
    let after = options.afterSeq ?? 0;
    try {
      for (;;) {
        const page = readEvents(after, pageSize);
        for (const event of page) {
          if (subscriber.closed) return;
          subscriber.next(event);
          after = event.seq;
        }
        if (page.length < pageSize) break;
      }
      subscriber.complete();
    } catch (err) {
      subscriber.error(err);
    }
  });
