import { MirrorError } from './MirrorError.js';

/**
 * A JetStream source's next message is gone: the stream discarded it (its limits, `max_age`,
 * `max_msgs`, `max_bytes`, or a purge) before this mirror read it. Never skipped: the messages between
 * the cursor and the stream's first sequence are lost to this mirror, which would silently diverge.
 * Recovery: reset the source's cursor (`oxide-mirror cursors reset`) and sync again, which starts from
 * the latest snapshot when the source has `snapshot` configured.
 */
export class StreamPositionLostError extends MirrorError {
  readonly code = 'STREAM_POSITION_LOST';
  override name = 'StreamPositionLostError';

  constructor(
    readonly source: string,
    readonly stream: string,
    /** The stored cursor: the last stream sequence this mirror applied. */
    readonly cursor: string,
    /** The sequence this mirror needs next (the cursor's + 1). */
    readonly nextSeq: number,
    /** The stream's first sequence still held, above `nextSeq`. */
    readonly firstSeq: number,
    /** Whether the source has a snapshot bucket to start again from. */
    readonly hasSnapshot: boolean,
  ) {
    super(
      `source "${source}": stream ${stream} no longer holds sequence ${nextSeq} (the cursor is at ${cursor}; ` +
        `the stream's first sequence is ${firstSeq}): messages ${nextSeq}–${firstSeq - 1} were discarded ` +
        `by the stream's retention before this mirror read them, and are not skipped. To recover, reset the ` +
        `source's cursor (oxide-mirror cursors reset --db MIRROR.db --source ${source}) and sync again: ` +
        (hasSnapshot
          ? 'it starts from the latest snapshot, then follows the stream from the sequence the snapshot covers.'
          : "it starts at the stream's first sequence, so records changed only by the lost messages stay " +
            'stale; configure "snapshot": { "bucket": … } (the publisher\'s snapshot bucket) to start from a snapshot instead.'),
    );
  }
}
