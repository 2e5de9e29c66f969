import type { NatsConnection } from '@nats-io/transport-node';
import { defer, finalize } from 'rxjs';
import { causeMessage } from '../../errors/describeCause.js';
import { JetStreamSourceError } from '../../errors/JetStreamSourceError.js';
import { connectNats } from '../../nats/connectNats.js';
import { DEFAULT_NATS_URL } from '../../nats/NatsServerUrl.js';
import { ALL_RESOURCES } from '../files/decodeFileCursor.js';
import { fromSyncSource, type FromSyncSourceOptions } from '../fromSyncSource.js';
import type { ResumableSource } from '../MirrorSource.js';
import type { Page, SyncSource } from '../SyncSource.js';
import type { JetStreamSourceConfig } from './JetStreamSourceConfig.js';
import {
  checkedWaitMs,
  jetStreamSyncSource,
  type JetStreamSyncSourceOptions,
} from './jetStreamSyncSource.js';

export type JetStreamSourceOptions = FromSyncSourceOptions & JetStreamSyncSourceOptions;

/**
 * A JetStream stream as a source of a mirror (`"type": "jetstream"` in a config): connects to the
 * `nats` server when the run starts (failing at once when none answers; afterwards it reconnects for
 * ever, and a read that fails on the way is retried, so a NATS restart pauses the source), pulls with {@link jetStreamSyncSource} through
 * {@link fromSyncSource} (`once`: until no message is pending; `live`: pass `waitMs` so each pull waits
 * for the next message), and closes the connection when the run ends.
 *
 * Each message is one delta in the NDJSON line format on `<subjectPrefix>.<resource>`; the stream
 * sequence is the cursor, stored in the transaction of the last delta it covers, so a mirror killed at
 * any moment resumes at the next sequence and applies every message once. A message that does not
 * decode goes to `mirror_rejects` at `jetstream://STREAM/SUBJECT#SEQ`. See {@link JetStreamSourceConfig}.
 */
export const jetStreamSource = (
  config: JetStreamSourceConfig,
  options: JetStreamSourceOptions = {},
): ResumableSource => {
  const url = config.nats ?? DEFAULT_NATS_URL;
  // Checked now, before any run: a bad option fails where the source is made.
  checkedWaitMs(options);
  return (context) =>
    defer(() => {
      let connection: Promise<NatsConnection> | undefined;
      let pulling: ReturnType<typeof jetStreamSyncSource> | undefined;
      const connected = (): Promise<ReturnType<typeof jetStreamSyncSource>> => {
        connection ??= connectNats(url, {
          name: `oxide-mirror source ${config.id}`,
          logger: context.logger,
          waitOnFirstConnect: false,
        }).catch((err: unknown) => {
          throw new JetStreamSourceError(
            config.id,
            config.stream,
            `no NATS server answers at ${url} (${causeMessage(err)})`,
            { cause: err },
          );
        });
        return connection.then((nc) => (pulling ??= jetStreamSyncSource(nc, config, options)));
      };
      const source: SyncSource = {
        resource: ALL_RESOURCES,
        pull: async (cursor, pull): Promise<Page> => (await connected()).pull(cursor, pull),
      };
      return fromSyncSource(
        source,
        options,
      )(context).pipe(
        finalize(() => {
          pulling?.close();
          void connection?.then((nc) => nc.close()).catch(() => undefined);
        }),
      );
    });
};
