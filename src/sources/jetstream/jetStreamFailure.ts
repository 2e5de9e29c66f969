import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { causeMessage } from '../../errors/describeCause.js';
import { JetStreamSourceError } from '../../errors/JetStreamSourceError.js';
import { isMirrorError } from '../../errors/MirrorError.js';

/** Whether the NATS client's `err` says the stream (or the bucket's stream) does not exist. */
export const isStreamNotFound = (err: unknown): boolean =>
  err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;

/** The error of a stream that does not exist: named, with who creates it. */
export const missingStream = (source: string, stream: string, cause?: unknown): JetStreamSourceError =>
  new JetStreamSourceError(
    source,
    stream,
    `stream ${stream} does not exist on the NATS server: the publisher creates it ` +
      '(start the publishing mirror first, or check the "stream" name)',
    cause === undefined ? undefined : { cause },
  );

/**
 * What a JetStream source fails with when the client throws while it `doing`: a missing stream is
 * named as such, one of our errors passes as it is, anything else is a retryable
 * {@link JetStreamSourceError} with the client's message and the error as cause.
 */
export const jetStreamFailure = (source: string, stream: string, doing: string, err: unknown): Error => {
  if (isMirrorError(err)) return err;
  if (isStreamNotFound(err)) return missingStream(source, stream, err);
  return new JetStreamSourceError(source, stream, `${doing}: ${causeMessage(err)}`, {
    cause: err,
    retryable: true,
  });
};
