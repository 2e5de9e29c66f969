import { jetstreamManager, type StreamState } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { causeMessage } from '../errors/describeCause.js';
import { SNAPSHOT_STREAM_SEQ_KEY, snapshotObjectName } from '../nats/fleetSnapshot.js';
import { connectNats } from '../nats/connectNats.js';
import { DEFAULT_NATS_URL } from '../nats/NatsServerUrl.js';
import { isStreamNotFound, missingStream } from '../sources/jetstream/jetStreamFailure.js';
import type { JetStreamSourceConfig } from '../sources/jetstream/JetStreamSourceConfig.js';
import { jetStreamSyncSource } from '../sources/jetstream/jetStreamSyncSource.js';
import { SecretMask } from '../sources/transport/SecretMask.js';
import type { ResourceCheck } from './ConfigCheck.js';
import { pullFirstPage } from './pullFirstPage.js';
import { resourceCheck } from './resourceCheck.js';

const failed = (request: string, problem: string): ResourceCheck[] => [{ request, ok: false, problem }];

/** What the snapshot bucket holds for the stream, in words. */
const snapshotNote = async (nc: NatsConnection, config: JetStreamSourceConfig): Promise<string> => {
  if (config.snapshot === undefined)
    return 'no snapshot configured: a new mirror starts at the first sequence';
  const { bucket } = config.snapshot;
  const name = snapshotObjectName(config.stream);
  try {
    const info = await (await new Objm(nc).open(bucket)).info(name);
    if (info === null || info.deleted) {
      return `no snapshot ${bucket}/${name} yet: a new mirror starts at the first sequence`;
    }
    const seq = info.metadata?.[SNAPSHOT_STREAM_SEQ_KEY] ?? '(missing)';
    return `snapshot ${bucket}/${name}: ${info.size} bytes, covers the stream up to sequence ${seq}, written ${info.mtime}`;
  } catch (err) {
    if (isStreamNotFound(err) || causeMessage(err) === 'object store not found') {
      return `no snapshot bucket ${bucket} yet: a new mirror starts at the first sequence`;
    }
    return `snapshot bucket ${bucket}: ${causeMessage(err)}`;
  }
};

const stateText = (stream: string, state: StreamState): string =>
  `stream ${stream}: ${state.messages} message${state.messages === 1 ? '' : 's'}, ` +
  (state.messages === 0
    ? `next sequence ${state.last_seq + 1}`
    : `sequences ${state.first_seq}–${state.last_seq}`);

/**
 * Checks a JetStream source as sync's first run would start it, writing nothing: the server answers,
 * the stream exists (its messages and sequences are reported), what the snapshot bucket holds, and
 * the first page from no cursor (the snapshot's first lines when there is one, else the stream's first
 * messages) through the source's own code.
 */
export const checkJetStream = async (
  config: JetStreamSourceConfig,
  options: { readonly pullTimeoutMs: number; readonly logger?: Logger | undefined },
): Promise<ResourceCheck[]> => {
  const url = config.nats ?? DEFAULT_NATS_URL;
  let nc: NatsConnection;
  try {
    nc = await connectNats(url, { name: `oxide-mirror check ${config.id}`, waitOnFirstConnect: false });
  } catch (err) {
    return failed(`connect ${url}`, `no NATS server answers at ${url} (${causeMessage(err)})`);
  }
  const source = jetStreamSyncSource(nc, config);
  try {
    let state: StreamState;
    try {
      state = (await (await jetstreamManager(nc)).streams.info(config.stream)).state;
    } catch (err) {
      const problem = isStreamNotFound(err)
        ? missingStream(config.id, config.stream).reason
        : `cannot read stream ${config.stream}: ${causeMessage(err)}`;
      return failed(`stream ${config.stream} on ${url}`, problem);
    }
    const note = await snapshotNote(nc, config);
    const pulled = await pullFirstPage(source, config.id, {
      timeoutMs: options.pullTimeoutMs,
      logger: options.logger,
    });
    return [
      resourceCheck(
        { request: `${stateText(config.stream, state)} on ${url}`, http: false, note },
        pulled,
        new SecretMask([]),
      ),
    ];
  } finally {
    source.close();
    await nc.close().catch(() => undefined);
  }
};
