import { MirrorError } from './MirrorError.js';

/**
 * A JetStream source cannot read what its config names: the NATS server does not answer, the stream
 * does not exist, or the snapshot object is not one (no sequence in its metadata, an unreadable body).
 * Carries the source id and the stream; the client's error, if any, is the `cause`.
 */
export class JetStreamSourceError extends MirrorError {
  readonly code = 'JETSTREAM_SOURCE_FAILED';
  override name = 'JetStreamSourceError';

  constructor(
    readonly source: string,
    readonly stream: string,
    /** What is wrong, without the source the message adds: `stream ORDERS does not exist …`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`source "${source}": ${reason}`, options);
  }
}
