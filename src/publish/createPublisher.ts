import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type PubAck,
} from '@nats-io/jetstream';
import { Objm, StorageType, type ObjectStore } from '@nats-io/obj';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Observable, Subscription } from 'rxjs';
import { checkOption } from '../errors/checkOption.js';
import { causeMessage } from '../errors/describeCause.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { MirrorError } from '../errors/MirrorError.js';
import { PublishError } from '../errors/PublishError.js';
import { storageErrorFrom } from '../errors/storageErrorFrom.js';
import { connectNatsWhenReachable } from '../nats/connectNatsWhenReachable.js';
import { SNAPSHOT_STREAM_SEQ_KEY, snapshotObjectName } from '../nats/fleetSnapshot.js';
import { DEFAULT_NATS_URL } from '../nats/NatsServerUrl.js';
import { connectionOf } from '../store/connectionOf.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import { IN_MEMORY } from '../store/openStore.js';
import { prepareCountUnpublished } from '../store/statements/countUnpublished.js';
import { prepareLastEventSeq } from '../store/statements/lastEventSeq.js';
import {
  prepareReadPublishableEvents,
  type PublishableEvent,
} from '../store/statements/readPublishableEvents.js';
import { prepareReadPublishCursor, type PublishCursor } from '../store/statements/readPublishCursor.js';
import { prepareWritePublishCursor } from '../store/statements/writePublishCursor.js';
import { ensureStream } from './ensureStream.js';
import { MIRROR_SEQ_HEADER, publishedMessage, type PublishedMessage } from './publishedMessage.js';
import {
  DEFAULT_STOP_FLUSH_MS,
  type PublishReport,
  type Publisher,
  type SnapshotReport,
  type StopPublishingOptions,
} from './Publisher.js';
import { writeSnapshot } from './writeSnapshot.js';
import { timestampFromDate } from '../model/Timestamp.js';

/** Publishes sent and not yet acknowledged, at most, by default. One connection keeps their order. */
export const DEFAULT_MAX_IN_FLIGHT = 256;
/** Events read from the log per query, by default. */
export const DEFAULT_PUBLISH_PAGE_SIZE = 1_000;
/** How long a failed publish waits before it is tried again (NATS reachable but not answering), by default. */
export const DEFAULT_PUBLISH_RETRY_MS = 1_000;
/** How long JetStream has to acknowledge a publish before it counts as failed and is sent again, by default. */
export const DEFAULT_ACK_TIMEOUT_MS = 5_000;
/** The publish cursor is stored after at most this many acknowledgements (and whenever caught up). */
const CURSOR_EVERY_ACKS = 100;
/** A snapshot is taken after this many events published since the last one, by default. */
export const DEFAULT_SNAPSHOT_EVERY_EVENTS = 10_000;
/** A snapshot is taken this long after the last one if anything was published since, by default. */
export const DEFAULT_SNAPSHOT_EVERY_MS = 10 * 60_000;

/** Where and when the publisher writes snapshots of the mirror's state, for hosts that join late. */
export interface PublishSnapshotOptions {
  /** The JetStream Object Store bucket (created if missing); the object is named after the stream. */
  readonly bucket: string;
  /** After this many events published since the last snapshot. Default {@link DEFAULT_SNAPSHOT_EVERY_EVENTS}. */
  readonly everyEvents?: number;
  /** This long after the last snapshot, if anything was published since. Default {@link DEFAULT_SNAPSHOT_EVERY_MS}. */
  readonly everyMs?: number;
}

export interface CreatePublisherOptions {
  /**
   * The mirror whose event log is published. Its writer connection stores the publish cursor, so run
   * the publisher in the process that writes the mirror (or when none does): a cursor write from
   * another process would stop that writer with `CONCURRENT_WRITER`.
   */
  readonly store: MirrorStore;
  /** The NATS server. Default {@link DEFAULT_NATS_URL}. */
  readonly nats?: string;
  /** The JetStream stream: created (subjects `<subjectPrefix>.>`, file storage) if missing. */
  readonly stream: string;
  /** Each event goes to `<subjectPrefix>.<resource>`. */
  readonly subjectPrefix: string;
  readonly snapshot?: PublishSnapshotOptions;
  /**
   * Wakes the publisher when the mirror commits: `mirror.applied$`. Without it the publisher publishes
   * what is committed when it starts and whenever `wake()` is called.
   */
  readonly committed$?: Observable<unknown>;
  /** Default {@link DEFAULT_MAX_IN_FLIGHT}. */
  readonly maxInFlight?: number;
  /** Default {@link DEFAULT_PUBLISH_PAGE_SIZE}. */
  readonly pageSize?: number;
  /** Default {@link DEFAULT_PUBLISH_RETRY_MS}. */
  readonly retryMs?: number;
  /** Default {@link DEFAULT_ACK_TIMEOUT_MS}. */
  readonly ackTimeoutMs?: number;
  readonly logger?: Logger;
}

/** One publish on its way: settled when JetStream answered or the request failed. */
interface InFlight {
  readonly event: PublishableEvent;
  readonly message: PublishedMessage;
  settled: boolean;
  ack: PubAck | undefined;
  error: unknown;
  readonly done: Promise<void>;
}

/**
 * A failure the user must fix (the stream, a resource name, a message too big, a stream limit): trying
 * again cannot help. JetStream's 503s (not ready yet after a restart) are worth waiting for.
 */
const isPermanent = (err: unknown): boolean =>
  err instanceof MirrorError || (err instanceof JetStreamApiError && err.status !== 503);

/**
 * Publishes a mirror's changes to a JetStream stream, as an outbox: every event that changed the
 * mirror (decision `applied` or `merged`), in `seq` order, as its outcome (see `publishedMessage`),
 * to `<subjectPrefix>.<resource>`, with `Nats-Msg-Id` = its delta key and `Oxide-Mirror-Seq` = its
 * seq. Up to `maxInFlight` publishes travel at once on one connection; the cursor in
 * `mirror_publish_cursors` moves only over a contiguous prefix JetStream acknowledged, so a restart
 * sends again at most what was unacknowledged, and JetStream's duplicate window drops what it already
 * has (counted as `duplicates`).
 *
 * While NATS is unreachable the mirror goes on; the publisher logs, waits for the connection to come
 * back (it reconnects by itself), then catches up: nothing lost, nothing doubled. With `snapshot`, it
 * writes the mirror's state to an Object Store bucket whenever it is caught up and one is due.
 */
export const createPublisher = (options: CreatePublisherOptions): Publisher => {
  const { store, stream, subjectPrefix } = options;
  const url = options.nats ?? DEFAULT_NATS_URL;
  const maxInFlight = checkOption.positiveInteger(
    'maxInFlight',
    options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
  );
  const pageSize = checkOption.positiveInteger('pageSize', options.pageSize ?? DEFAULT_PUBLISH_PAGE_SIZE);
  const retryMs = options.retryMs ?? DEFAULT_PUBLISH_RETRY_MS;
  const ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const snapshotOptions = options.snapshot;
  if (snapshotOptions !== undefined && (store.path === IN_MEMORY || store.path === '')) {
    throw new InvalidOptionsError(
      'snapshot',
      snapshotOptions.bucket,
      'an in-memory mirror cannot be snapshotted (a snapshot reads the file on a connection of its own)',
    );
  }
  const everyEvents = snapshotOptions?.everyEvents ?? DEFAULT_SNAPSHOT_EVERY_EVENTS;
  const everyMs = snapshotOptions?.everyMs ?? DEFAULT_SNAPSHOT_EVERY_MS;
  const logger = options.logger?.child({ component: 'publisher', stream });

  const db = connectionOf(store);
  const readCursor = prepareReadPublishCursor(db);
  const writeCursor = prepareWritePublishCursor(db);
  const readEvents = prepareReadPublishableEvents(db);
  const lastEventSeq = prepareLastEventSeq(db);
  const countUnpublished = prepareCountUnpublished(db);

  let published = 0;
  let duplicates = 0;
  let snapshots = 0;
  let running: Promise<PublishReport> | undefined;

  // Waking: a commit, a stop, a reconnect, a snapshot asked for. One waiter at a time (the loop).
  let woken = false;
  let wakeWaiter: (() => void) | undefined;
  const wake = (): void => {
    woken = true;
    wakeWaiter?.();
  };
  const nextWake = async (timeoutMs: number): Promise<void> => {
    if (!woken && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(timeoutMs) ? setTimeout(resolve, timeoutMs) : undefined;
        wakeWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeWaiter = undefined;
    }
    woken = false;
  };

  // Stopping: `stopping` once asked; `giveUp` aborts when the flush bound has passed.
  let stopping = false;
  const giveUp = new AbortController();
  let giveUpAt = Number.POSITIVE_INFINITY;
  let giveUpTimer: NodeJS.Timeout | undefined;
  const stop = ({ flushWithinMs = DEFAULT_STOP_FLUSH_MS }: StopPublishingOptions = {}): void => {
    stopping = true;
    const at = Date.now() + Math.max(0, flushWithinMs);
    if (at < giveUpAt) {
      giveUpAt = at;
      clearTimeout(giveUpTimer);
      if (flushWithinMs <= 0) giveUp.abort();
      else if (Number.isFinite(at)) giveUpTimer = setTimeout(() => giveUp.abort(), flushWithinMs);
    }
    wake();
  };
  giveUp.signal.addEventListener('abort', wake);

  // Snapshots asked for in code, settled by the next snapshot (or the end of the run).
  let snapshotWaiters: { resolve: (r: SnapshotReport) => void; reject: (e: unknown) => void }[] = [];

  const report = (): PublishReport => {
    const position = readCursor(stream);
    return {
      stream,
      published,
      duplicates,
      snapshots,
      position,
      lag: countUnpublished(position?.eventSeq ?? 0),
    };
  };

  const storeCursor = (cursor: PublishCursor): void => {
    try {
      writeCursor(cursor);
    } catch (cause) {
      throw storageErrorFrom(`storing the publish cursor of stream ${stream}`, store.path, cause);
    }
  };

  /** Runs `attempt` until it succeeds, waiting between tries; undefined when the bound passed first. */
  const retrying = async <T>(what: string, attempt: () => Promise<T>): Promise<T | undefined> => {
    for (;;) {
      if (giveUp.signal.aborted) return undefined;
      try {
        return await attempt();
      } catch (err) {
        if (isPermanent(err)) throw err;
        logger?.warn({ reason: causeMessage(err) }, `${what} failed: trying again`);
        await sleep(retryMs, undefined, { signal: giveUp.signal }).catch(() => undefined);
      }
    }
  };

  const publishAll = async (nc: NatsConnection): Promise<void> => {
    let connected = true;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') connected = false;
        if (status.type === 'reconnect') {
          connected = true;
          wake();
        }
      }
    })();
    const js: JetStreamClient = jetstream(nc, { timeout: ackTimeoutMs });
    const jsm = await retrying('reaching JetStream', () => jetstreamManager(nc, { timeout: ackTimeoutMs }));
    if (jsm === undefined) return;
    const made = await retrying('checking the stream', () => ensureStream(jsm, stream, subjectPrefix));
    if (made === undefined) return;
    logger?.info({ subjects: `${subjectPrefix}.>`, made }, `stream ${stream} ${made}`);

    let bucket: ObjectStore | undefined;
    let lastSnapshot = { streamSeq: -1, at: 0 };
    if (snapshotOptions !== undefined) {
      const opened = await retrying('opening the snapshot bucket', async () => {
        const os = await new Objm(js).create(snapshotOptions.bucket, { storage: StorageType.File });
        const info = await os.info(snapshotObjectName(stream));
        const seq = Number(info?.metadata?.[SNAPSHOT_STREAM_SEQ_KEY] ?? -1);
        return { os, last: { streamSeq: seq, at: info === null ? 0 : Date.parse(info.mtime) } };
      });
      if (opened === undefined) return;
      bucket = opened.os;
      lastSnapshot = opened.last;
    }

    const resumed = readCursor(stream);
    let acked: PublishCursor = resumed ?? {
      stream,
      eventSeq: 0,
      streamSeq: 0,
      publishedAt: timestampFromDate(new Date()),
    };
    // A publish target shows in `cursors` and `describe` (with its lag) from its first run.
    if (resumed === undefined) storeCursor(acked);
    let stored = acked.eventSeq;
    let maxPayload = nc.info?.max_payload ?? Number.POSITIVE_INFINITY;

    let window: InFlight[] = [];
    let windowLimit = maxInFlight;
    /** An event that cannot be published: nothing after it is sent. */
    let refused: PublishError | undefined;
    let page: PublishableEvent[] = [];
    let next = 0;
    let scanned = acked.eventSeq;

    const nextEvent = (): PublishableEvent | undefined => {
      if (next < page.length) return page[next++];
      const upto = lastEventSeq();
      if (upto <= scanned) return undefined;
      page = readEvents(scanned, upto, pageSize);
      next = 0;
      scanned = page.length < pageSize ? upto : (page[page.length - 1]?.seq ?? upto);
      return next < page.length ? page[next++] : undefined;
    };

    /** The message of an event, or why it cannot be published. */
    const messageOf = (event: PublishableEvent): PublishedMessage | PublishError => {
      const message = publishedMessage(subjectPrefix, event);
      if (message === undefined) {
        return new PublishError(
          stream,
          event.resource,
          `event ${event.seq}: the resource name is not a NATS subject token (no spaces, ".", "*" or ">"), ` +
            `so it has no subject under ${subjectPrefix}; rename the resource at its source`,
        );
      }
      maxPayload = nc.info?.max_payload ?? maxPayload;
      if (message.body.length > maxPayload) {
        return new PublishError(
          stream,
          event.resource,
          `event ${event.seq} (record ${JSON.stringify(event.recordId)}) is ${message.body.length} bytes, ` +
            `more than the NATS server takes (max_payload ${maxPayload}); raise max_payload on the server`,
        );
      }
      return message;
    };

    const send = (event: PublishableEvent, message: PublishedMessage): InFlight => {
      const h = headers();
      h.set(MIRROR_SEQ_HEADER, String(message.seq));
      const flight: InFlight = {
        event,
        message,
        settled: false,
        ack: undefined,
        error: undefined,
        done: js
          .publish(message.subject, message.body, { msgID: message.msgId, headers: h, timeout: ackTimeoutMs })
          .then(
            (ack) => {
              flight.ack = ack;
            },
            (err: unknown) => {
              flight.error = err;
            },
          )
          .finally(() => {
            flight.settled = true;
            wake();
          }),
      };
      return flight;
    };

    const snapshotDue = (): boolean => {
      if (bucket === undefined) return false;
      if (snapshotWaiters.length > 0 || lastSnapshot.streamSeq < 0) return true;
      const since = acked.streamSeq - lastSnapshot.streamSeq;
      return since >= everyEvents || (since > 0 && Date.now() - lastSnapshot.at >= everyMs);
    };
    const msUntilSnapshot = (): number =>
      bucket !== undefined && acked.streamSeq > lastSnapshot.streamSeq
        ? Math.max(0, lastSnapshot.at + everyMs - Date.now())
        : Number.POSITIVE_INFINITY;

    const snapshot = async (os: ObjectStore): Promise<void> => {
      try {
        const taken = await writeSnapshot({
          path: store.path,
          stream,
          bucket: snapshotOptions?.bucket ?? '',
          store: os,
        });
        if (taken === undefined) return; // a commit came in: the next caught-up moment
        snapshots++;
        lastSnapshot = { streamSeq: taken.streamSeq, at: Date.now() };
        logger?.info({ snapshot: taken }, 'snapshot written');
        const waiting = snapshotWaiters;
        snapshotWaiters = [];
        waiting.forEach((w) => w.resolve(taken));
      } catch (err) {
        logger?.warn({ reason: causeMessage(err) }, 'writing the snapshot failed: trying again later');
        lastSnapshot = { ...lastSnapshot, at: Date.now() - everyMs + retryMs };
      }
    };

    try {
      for (;;) {
        if (giveUp.signal.aborted) break;
        // Send while the window has room and NATS is there.
        while (connected && refused === undefined && window.length < windowLimit) {
          const event = nextEvent();
          if (event === undefined) break;
          const message = messageOf(event);
          if (message instanceof PublishError) refused = message;
          else window.push(send(event, message));
        }
        if (window.length === 0) {
          if (acked.eventSeq !== stored) {
            storeCursor(acked);
            stored = acked.eventSeq;
          }
          // What was sent before it is acknowledged and stored: the refusal is the run's end.
          if (refused !== undefined) throw refused;
          if (!connected) {
            await nextWake(Number.POSITIVE_INFINITY); // a reconnect, or the stop's bound
            continue;
          }
          // Caught up with the log as it is now.
          if (bucket !== undefined && snapshotDue()) {
            await snapshot(bucket);
            continue;
          }
          if (stopping) break;
          await nextWake(msUntilSnapshot());
          continue;
        }
        await nextWake(Number.POSITIVE_INFINITY);
        // Take the acknowledged prefix.
        let failed: InFlight | undefined;
        let acks = 0;
        while (window[0]?.settled === true) {
          const head = window[0];
          if (head.ack === undefined) {
            failed = head;
            break;
          }
          if (head.ack.stream !== stream) {
            throw new PublishError(
              stream,
              head.event.resource,
              `JetStream stored ${head.message.subject} in stream ${head.ack.stream}, not in ${stream}: ` +
                'two streams take these subjects',
            );
          }
          window.shift();
          if (head.ack.duplicate) duplicates++;
          else published++;
          acks++;
          acked = {
            stream,
            eventSeq: head.event.seq,
            streamSeq: head.ack.seq,
            publishedAt: timestampFromDate(new Date()),
          };
        }
        if (acks > 0) windowLimit = Math.min(maxInFlight, windowLimit * 2);
        if (acked.eventSeq - stored >= CURSOR_EVERY_ACKS) {
          storeCursor(acked);
          stored = acked.eventSeq;
        }
        if (failed === undefined) continue;
        if (isPermanent(failed.error)) {
          throw new PublishError(
            stream,
            failed.event.resource,
            `event ${failed.event.seq}: ${causeMessage(failed.error)}`,
            { cause: failed.error },
          );
        }
        // Start again after the acknowledged prefix, one message at a time until JetStream answers again.
        logger?.warn(
          { reason: causeMessage(failed.error), eventSeq: failed.event.seq, connected },
          connected
            ? 'publish failed: sending again'
            : 'NATS unreachable: publishing resumes when it is back',
        );
        const abandoned = window;
        window = [];
        refused = undefined; // met again, after what comes before it is acknowledged
        windowLimit = 1;
        page = [];
        next = 0;
        scanned = acked.eventSeq;
        await Promise.race([
          Promise.all(abandoned.map((f) => f.done)),
          new Promise((resolve) => giveUp.signal.addEventListener('abort', resolve, { once: true })),
        ]);
        if (connected) await sleep(retryMs, undefined, { signal: giveUp.signal }).catch(() => undefined);
        // The stream may have been deleted meanwhile: create it again before sending.
        if (
          (await retrying('checking the stream', () => ensureStream(jsm, stream, subjectPrefix))) ===
          undefined
        )
          break;
      }
    } finally {
      if (acked.eventSeq !== stored) storeCursor(acked);
    }
  };

  return {
    wake,
    stop,
    report,
    snapshot: () =>
      snapshotOptions === undefined
        ? Promise.reject(
            new InvalidOptionsError(
              'snapshot',
              undefined,
              'this publisher has no snapshot bucket configured',
            ),
          )
        : new Promise<SnapshotReport>((resolve, reject) => {
            snapshotWaiters.push({ resolve, reject });
            wake();
          }),
    run: () => {
      running ??= (async () => {
        let subscription: Subscription | undefined;
        let nc: NatsConnection | undefined;
        try {
          subscription = options.committed$?.subscribe({ next: wake, error: wake, complete: wake });
          nc = await connectNatsWhenReachable(url, {
            name: `oxide-mirror publisher (${basename(store.path)})`,
            logger,
            signal: giveUp.signal,
            retryMs,
          });
          if (nc !== undefined) await publishAll(nc);
          return report();
        } finally {
          subscription?.unsubscribe();
          clearTimeout(giveUpTimer);
          const waiting = snapshotWaiters;
          snapshotWaiters = [];
          const ended = new PublishError(
            stream,
            undefined,
            'the publisher stopped before a snapshot was due',
          );
          waiting.forEach((w) => w.reject(ended));
          await nc?.close().catch(() => undefined);
        }
      })();
      return running;
    },
  };
};
