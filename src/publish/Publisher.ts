import type { PublishCursor } from '../store/statements/readPublishCursor.js';

/** What a publisher did so far. */
export interface PublishReport {
  /** The stream published to. */
  readonly stream: string;
  /** Events JetStream acknowledged as new messages. */
  readonly published: number;
  /** Events JetStream acknowledged as duplicates: sent again after a restart or a lost acknowledgement. */
  readonly duplicates: number;
  /** Snapshots written to the Object Store bucket. */
  readonly snapshots: number;
  /** The stored publish cursor; undefined before the publisher reached NATS once. */
  readonly position: PublishCursor | undefined;
  /** Events that changed the mirror and are not acknowledged yet: the next run publishes them. */
  readonly lag: number;
}

/** What a snapshot covered. */
export interface SnapshotReport {
  /** The Object Store bucket and object it was written to. */
  readonly bucket: string;
  readonly object: string;
  /** The last stream sequence whose message it covers: a late joiner follows the stream after it. */
  readonly streamSeq: number;
  /** Live records (upsert lines) and tombstones (delete lines) in it. */
  readonly records: number;
  readonly tombstones: number;
  /** Its size in bytes. */
  readonly bytes: number;
}

export interface StopPublishingOptions {
  /**
   * How long the publisher goes on publishing what is committed before it stops, in ms (default
   * {@link DEFAULT_STOP_FLUSH_MS}); `Infinity`: until every committed event is acknowledged. What is
   * left is published by the next run. A later stop with a shorter bound shortens it.
   */
  readonly flushWithinMs?: number;
}

/** A mirror's changes, published to a JetStream stream as they are committed. */
export interface Publisher {
  /**
   * Connects (waiting while NATS is unreachable), creates or checks the stream, then publishes every
   * committed event not yet acknowledged and follows the log until {@link stop}. Resolves with the
   * report once stopped; rejects with a `PublishError` when it cannot go on without a change by the
   * user, or a `StorageError`. Once per publisher.
   */
  run(): Promise<PublishReport>;
  /** Publishes what is committed now, within a bound, then ends `run()`. */
  stop(options?: StopPublishingOptions): void;
  /** Publishes without waiting for the next commit (the `committed$` option does this by itself). */
  wake(): void;
  /**
   * Writes a snapshot to the bucket at the next moment the publisher is caught up, and resolves with
   * what it covered. Rejects when the publisher has no `snapshot` option or stops first.
   */
  snapshot(): Promise<SnapshotReport>;
  /** The counts so far. */
  report(): PublishReport;
}

/** How long a stopping publisher goes on publishing what is committed, by default. */
export const DEFAULT_STOP_FLUSH_MS = 5_000;
