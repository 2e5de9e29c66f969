import {
  jetstream,
  jetstreamManager,
  type Consumer,
  type JetStreamManager,
  type StreamState,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { JetStreamSourceError } from '../../errors/JetStreamSourceError.js';
import { StreamPositionLostError } from '../../errors/StreamPositionLostError.js';
import type { Delta } from '../../model/Delta.js';
import type { Rejection } from '../../model/SourceEmission.js';
import { jetStreamFailure } from './jetStreamFailure.js';
import { messageEmission } from './messageEmission.js';

/**
 * How long a fetch of messages the consumer reported pending may take: they are there, so it ends
 * as soon as they are delivered; only messages deleted in between make it wait this long.
 */
export const PENDING_FETCH_EXPIRES_MS = 5_000;
/** The shortest wait of a pull request the NATS client accepts. */
export const MIN_FETCH_WAIT_MS = 1_000;

export interface StreamReaderSettings {
  readonly source: string;
  readonly stream: string;
  readonly subjectPrefix: string;
  /** Messages per read. */
  readonly limit: number;
  /** When nothing is pending, how long a read waits for a first message; 0: not at all. */
  readonly waitMs: number;
  /** Whether the source has a snapshot to start again from (said by {@link StreamPositionLostError}). */
  readonly hasSnapshot: boolean;
}

/** What one read returned: deltas and rejections in stream order, and where it ended. */
export interface StreamRead {
  readonly emissions: readonly (Delta | Rejection)[];
  /** The sequence of the last message read; the `after` asked for when none came. */
  readonly lastSeq: number;
  /** Messages of the source's subjects after `lastSeq`, as the server counted them. */
  readonly pending: number;
}

export interface StreamReader {
  /** The stream's first sequence (1 for an empty stream), where a source without a position starts. */
  firstSeq(): Promise<number>;
  /**
   * The messages after sequence `after`, up to the limit. With `checkPosition`, fails with a
   * {@link StreamPositionLostError} when `after + 1` was discarded, and with a
   * {@link JetStreamSourceError} when the stream ends before `after` (it was recreated).
   */
  read(
    after: number,
    options: { readonly checkPosition: boolean; readonly signal: AbortSignal; readonly logger?: Logger },
  ): Promise<StreamRead>;
  /** Drops the consumer (the server removes it anyway once idle). */
  close(): void;
}

interface Follower {
  readonly consumer: Consumer;
  /** The sequence the consumer delivers next (at least: messages of other subjects are skipped). */
  nextSeq: number;
  pending: number;
}

/**
 * Reads a stream's messages of `<subjectPrefix>.>` in order through one ordered (ephemeral, unacked)
 * consumer, kept from read to read while each read starts where the last ended, and created again
 * (at `after + 1`) otherwise. A read returns what the consumer has pending now, up to the limit;
 * when nothing is pending it waits at most `waitMs` for a first message.
 */
export const streamReader = (connection: NatsConnection, settings: StreamReaderSettings): StreamReader => {
  const { source, stream, limit, waitMs } = settings;
  const js = jetstream(connection);
  let manager: JetStreamManager | undefined;
  let follower: Follower | undefined;

  const fail = (doing: string) => (err: unknown) => {
    throw jetStreamFailure(source, stream, doing, err);
  };
  const streamState = async (): Promise<StreamState> => {
    manager ??= await jetstreamManager(connection).catch(fail('cannot reach JetStream'));
    const info = await manager.streams.info(stream).catch(fail(`cannot read stream ${stream}`));
    return info.state;
  };
  const drop = () => {
    const consumer = follower?.consumer;
    follower = undefined;
    consumer?.delete().catch(() => undefined);
  };

  const follow = async (after: number, checkPosition: boolean): Promise<Follower> => {
    if (follower !== undefined && follower.nextSeq === after + 1) return follower;
    drop();
    const state = await streamState();
    if (checkPosition && after + 1 < state.first_seq) {
      throw new StreamPositionLostError(
        source,
        stream,
        String(after),
        after + 1,
        state.first_seq,
        settings.hasSnapshot,
      );
    }
    if (after > state.last_seq) {
      throw new JetStreamSourceError(
        source,
        stream,
        `stream ${stream} ends at sequence ${state.last_seq}, before the cursor (${after}): it was deleted and ` +
          "created again, or it is not the stream this mirror read; reset the source's cursor to read it again",
      );
    }
    const consumer = await js.consumers
      .get(stream, { filter_subjects: `${settings.subjectPrefix}.>`, opt_start_seq: after + 1 })
      .catch(fail(`cannot create a consumer of stream ${stream}`));
    const info = await consumer.info().catch(fail(`cannot read the consumer of stream ${stream}`));
    follower = { consumer, nextSeq: after + 1, pending: info.num_pending };
    return follower;
  };

  return {
    firstSeq: async () => Math.max(1, (await streamState()).first_seq),
    read: async (after, { checkPosition, signal }) => {
      const current = await follow(after, checkPosition);
      const wanted = Math.min(limit, current.pending);
      if (wanted === 0 && waitMs === 0) return { emissions: [], lastSeq: after, pending: 0 };
      const emissions: (Delta | Rejection)[] = [];
      let lastSeq = after;
      let pending = current.pending;
      try {
        const messages = await current.consumer.fetch(
          wanted > 0
            ? { max_messages: wanted, expires: PENDING_FETCH_EXPIRES_MS }
            : { max_messages: 1, expires: Math.max(MIN_FETCH_WAIT_MS, waitMs) },
        );
        const stop = () => void messages.close();
        signal.addEventListener('abort', stop, { once: true });
        try {
          for await (const message of messages) {
            if (message.seq > lastSeq + 1) {
              // A gap: messages of other subjects, deleted ones, or ones the stream discarded unread.
              const state = await streamState();
              if (state.first_seq > lastSeq + 1) {
                throw new StreamPositionLostError(
                  source,
                  stream,
                  String(lastSeq),
                  lastSeq + 1,
                  state.first_seq,
                  settings.hasSnapshot,
                );
              }
            }
            emissions.push(messageEmission(stream, message));
            lastSeq = message.seq;
            pending = message.info.pending;
          }
        } finally {
          signal.removeEventListener('abort', stop);
        }
        if (signal.aborted) throw signal.reason;
        if (emissions.length === 0 && wanted > 0) {
          // Pending messages that did not come were deleted meanwhile: ask again how many are left.
          pending = (await current.consumer.info()).num_pending;
        }
      } catch (err) {
        drop();
        if (signal.aborted) throw err;
        throw jetStreamFailure(source, stream, `cannot read stream ${stream}`, err);
      }
      current.nextSeq = lastSeq + 1;
      current.pending = pending;
      return { emissions, lastSeq, pending };
    },
    close: drop,
  };
};
