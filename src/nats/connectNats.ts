import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface ConnectNatsOptions {
  /** Shown by `nats server report connections`, e.g. `oxide-mirror publisher (crm.db)`. */
  readonly name: string;
  readonly logger?: Logger | undefined;
  /**
   * Whether to keep trying until a first connect succeeds (default true). False: a server that does not
   * answer fails the connect at once (reconnects after a first connect are still for ever).
   */
  readonly waitOnFirstConnect?: boolean;
}

/**
 * A connection to `url` that outlives the server: it waits for a first connect (unless told not to)
 * and reconnects for ever, so a NATS restart pauses the fleet instead of failing it. Status changes are logged.
 */
export const connectNats = async (
  url: string,
  { name, logger, waitOnFirstConnect = true }: ConnectNatsOptions,
): Promise<NatsConnection> => {
  const connection = await connect({
    servers: url,
    name,
    waitOnFirstConnect,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
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
};
