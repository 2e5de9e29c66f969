import { MirrorError } from './MirrorError.js';

/**
 * A JetStream source cannot read what its config names: the NATS server does not answer, the stream
 * does not exist, or the snapshot object is not one (no sequence in its metadata, an unreadable body).
 * Carries the source id and the stream; the client's error, if any, is the `cause`. `retryable`: the
 * client failed on the way (a timeout, a server restarting), and the same read may succeed later; the
 * source retries those before it fails.
 */
export class JetStreamSourceError extends MirrorError {
  readonly code = 'JETSTREAM_SOURCE_FAILED';
  override name = 'JetStreamSourceError';
  readonly retryable: boolean;

  constructor(
    readonly source: string,
    readonly stream: string,
    /** What is wrong, without the source the message adds: `stream ORDERS does not exist …`. */
    readonly reason: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(`source "${source}": ${reason}`, options);
    this.retryable = options?.retryable ?? false;
  }
}
