import type { NatsConnection } from '@nats-io/transport-node';
import { InvalidOptionsError } from '../../errors/InvalidOptionsError.js';
import { JetStreamSourceError } from '../../errors/JetStreamSourceError.js';
import { checkOption } from '../../errors/checkOption.js';
import { ALL_RESOURCES } from '../files/decodeFileCursor.js';
import type { Page, PullContext, SyncSource } from '../SyncSource.js';
import { decodeJetStreamCursor, encodeJetStreamCursor } from './JetStreamCursor.js';
import { DEFAULT_JETSTREAM_LIMIT, type JetStreamSourceConfig } from './JetStreamSourceConfig.js';
import { snapshotReader, type SnapshotPosition } from './snapshotReader.js';
import { DEFAULT_JETSTREAM_RETRY, retryingPull } from './retryingPull.js';
import { MIN_FETCH_WAIT_MS, streamReader } from './streamReader.js';

export interface JetStreamSyncSourceOptions {
  /**
   * When the source is caught up, how long a pull waits for a next message before it returns an empty
   * page: 0 (the default) returns at once; otherwise at least {@link MIN_FETCH_WAIT_MS} (the client's
   * shortest pull). A live mirror waits, so that a message is applied as soon as it is published.
   */
  readonly waitMs?: number;
  /**
   * Retries of a pull that failed on the way (a timeout, the server restarting). Default
   * {@link DEFAULT_JETSTREAM_RETRY}`.limit` (8, about 40 s).
   */
  readonly retryLimit?: number;
}

/** `waitMs` checked. @throws {InvalidOptionsError} when it is neither 0 nor at least {@link MIN_FETCH_WAIT_MS}. */
export const checkedWaitMs = (options: JetStreamSyncSourceOptions): number => {
  const waitMs = checkOption.nonNegativeMs('waitMs', options.waitMs ?? 0);
  if (waitMs > 0 && waitMs < MIN_FETCH_WAIT_MS) {
    throw new InvalidOptionsError('waitMs', waitMs, `expected 0 or at least ${MIN_FETCH_WAIT_MS} ms`);
  }
  return waitMs;
};

/** A {@link SyncSource} that holds a consumer and an open snapshot between pulls. */
export interface JetStreamSyncSource extends SyncSource {
  /** Drops the consumer and the open snapshot; the connection stays its owner's. */
  close(): void;
}

/**
 * A JetStream stream as a {@link SyncSource} over an open connection (see {@link jetStreamSource}, which
 * opens and closes it): every message of `<subjectPrefix>.>` is one delta, in stream order, whatever
 * resource it names. Its one cursor is stored under the resource `'*'` ({@link ALL_RESOURCES}):
 *
 * - a stream sequence (`"1234"`): the next pull reads from `1234 + 1`. A next sequence the stream has
 *   discarded fails with a {@link StreamPositionLostError}; a stream shorter than the cursor, or missing,
 *   with a {@link JetStreamSourceError}.
 * - no cursor: the latest snapshot first (when `snapshot` is configured and the object exists), a page
 *   of lines at a time under the cursor `{"snapshot":NUID,"seq":SEQ,"line":LINE}`, then the stream from
 *   `SEQ + 1`; without a snapshot, the stream from its first sequence.
 *
 * `hasMore` while the consumer reports messages pending after the page. A pull that fails on the way
 * (a timeout, the server restarting) is retried from the same cursor ({@link DEFAULT_JETSTREAM_RETRY}).
 */
export const jetStreamSyncSource = (
  connection: NatsConnection,
  config: JetStreamSourceConfig,
  options: JetStreamSyncSourceOptions = {},
): JetStreamSyncSource => {
  const limit = config.limit ?? DEFAULT_JETSTREAM_LIMIT;
  const waitMs = checkedWaitMs(options);
  const retryLimit = checkOption.nonNegativeInteger(
    'retryLimit',
    options.retryLimit ?? DEFAULT_JETSTREAM_RETRY.limit,
  );
  const { id: source, stream } = config;
  const messages = streamReader(connection, {
    source,
    stream,
    subjectPrefix: config.subjectPrefix,
    limit,
    waitMs,
    hasSnapshot: config.snapshot !== undefined,
  });
  const snapshots =
    config.snapshot === undefined
      ? undefined
      : snapshotReader(connection, { source, stream, bucket: config.snapshot.bucket, limit });

  const streamPage = async (after: number, checkPosition: boolean, context: PullContext): Promise<Page> => {
    const read = await messages.read(after, { checkPosition, ...context });
    return {
      emissions: read.emissions,
      cursor: encodeJetStreamCursor({ phase: 'stream', seq: read.lastSeq }),
      hasMore: read.lastSeq !== after && read.pending > 0,
    };
  };

  const snapshotPage = async (
    from: SnapshotPosition | undefined,
    context: PullContext,
  ): Promise<Page | undefined> => {
    const read = await snapshots?.read(from, context.logger);
    if (read === undefined) return undefined;
    if (read.ended) {
      context.logger?.info(
        { snapshot: config.snapshot?.bucket, seq: read.position.seq, lines: read.position.line },
        'joined from the snapshot: following the stream from the sequence after it',
      );
    }
    return {
      emissions: read.emissions,
      // The last page of the snapshot moves the cursor to the stream: the sequence the snapshot covers.
      cursor: encodeJetStreamCursor(
        read.ended ? { phase: 'stream', seq: read.position.seq } : { phase: 'snapshot', ...read.position },
      ),
      hasMore: true,
    };
  };

  return {
    resource: ALL_RESOURCES,
    pull: retryingPull(async (stored, context): Promise<Page> => {
      const cursor = decodeJetStreamCursor(source, stored);
      if (cursor?.phase === 'stream') return streamPage(cursor.seq, true, context);
      const joining = await snapshotPage(cursor, context);
      if (joining !== undefined) return joining;
      if (cursor !== undefined) {
        throw new JetStreamSourceError(
          source,
          stream,
          `the snapshot this mirror was joining from (${config.snapshot?.bucket ?? '(no snapshot bucket)'}) ` +
            "is gone; reset the source's cursor to join again",
        );
      }
      const first = await messages.firstSeq();
      return streamPage(first - 1, false, context);
    }, retryLimit),
    close: () => {
      messages.close();
      snapshots?.close();
    },
  };
};
