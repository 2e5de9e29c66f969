import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { causeMessage } from '../errors/describeCause.js';

/** How long a first connect waits before trying an unreachable server again, by default. */
export const DEFAULT_FIRST_CONNECT_RETRY_MS = 1_000;

export interface ConnectNatsWhenReachableOptions {
  /** Shown by `nats server report connections`, e.g. `oxide-mirror publisher (crm.db)`. */
  readonly name: string;
  readonly logger?: Logger | undefined;
  /** Gives up waiting (resolves `undefined`) when it aborts. */
  readonly signal?: AbortSignal | undefined;
  /** Default {@link DEFAULT_FIRST_CONNECT_RETRY_MS}. */
  readonly retryMs?: number | undefined;
}

/**
 * A connection to `url` that outlives the server, like `connectNats`, whose first connect can be given
 * up: while the server is unreachable it tries again every `retryMs` (logging the first failure and
 * every tenth), until it connects or `signal` aborts (then `undefined`, and no attempt is left running,
 * so a process that gives up can exit). Once connected it reconnects for ever; status changes are logged.
 */
export const connectNatsWhenReachable = async (
  url: string,
  { name, logger, signal, retryMs = DEFAULT_FIRST_CONNECT_RETRY_MS }: ConnectNatsWhenReachableOptions,
): Promise<NatsConnection | undefined> => {
  for (let attempt = 1; signal?.aborted !== true; attempt++) {
    let connection: NatsConnection;
    try {
      connection = await connect({
        servers: url,
        name,
        waitOnFirstConnect: false,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        // Without it the client builds two Error objects (stack traces) per request, i.e. per publish:
        // 16% of a publishing mirror's CPU at 5,000 deltas/s (BENCHMARKS.md, issue 14). Our errors say
        // what was being published; the call site of a timed-out publish adds nothing.
        noAsyncTraces: true,
      });
    } catch (err) {
      if (attempt === 1 || attempt % 10 === 0) {
        logger?.warn(
          { nats: url, attempt, reason: causeMessage(err) },
          'NATS unreachable: trying again (the mirror goes on locally)',
        );
      }
      try {
        await sleep(retryMs, undefined, signal === undefined ? {} : { signal });
      } catch {
        return undefined; // aborted
      }
      continue;
    }
    if (signal !== undefined && signal.aborted) {
      await connection.close();
      return undefined;
    }
    if (logger !== undefined) {
      void (async () => {
        for await (const status of connection.status()) {
          if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
            logger.warn({ nats: url, status: status.type }, `NATS ${status.type}`);
          }
        }
      })();
    }
    return connection;
  }
  return undefined;
};
