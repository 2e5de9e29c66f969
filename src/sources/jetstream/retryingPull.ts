import { setTimeout as sleep } from 'node:timers/promises';
import { JetStreamSourceError } from '../../errors/JetStreamSourceError.js';
import { backoffDelay } from '../transport/backoffDelay.js';
import type { SyncSource } from '../SyncSource.js';

/**
 * How a JetStream source retries a pull that failed on the way (a {@link JetStreamSourceError} that is
 * `retryable`: a timeout, the server restarting), by default: 8 times, backoff from 250 ms up to 10 s,
 * about 40 s in all, which a NATS restart fits in. Then the pull fails.
 */
export const DEFAULT_JETSTREAM_RETRY = { limit: 8, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * `pull` retried as {@link DEFAULT_JETSTREAM_RETRY} says (with `limit` retries), waiting between
 * attempts unless the pull's signal aborts. Each retry pulls from the same cursor: nothing of a
 * failed pull was handed on, and the consumer is made again at that cursor.
 */
export const retryingPull =
  (pull: SyncSource['pull'], limit: number, random: () => number = Math.random): SyncSource['pull'] =>
  async (cursor, context) => {
    for (let retry = 1; ; retry += 1) {
      try {
        return await pull(cursor, context);
      } catch (err) {
        if (
          !(err instanceof JetStreamSourceError && err.retryable) ||
          retry > limit ||
          context.signal.aborted
        ) {
          throw err;
        }
        const delayMs = backoffDelay(retry, DEFAULT_JETSTREAM_RETRY, random);
        context.logger?.warn({ err, retry, delayMs }, 'NATS read failed; retrying');
        await sleep(delayMs, undefined, { signal: context.signal });
      }
    }
  };
