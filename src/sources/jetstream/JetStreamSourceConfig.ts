import * as t from 'io-ts';
import { closedObject } from '../../codecs/closedObject.js';
import { PositiveInteger } from '../../codecs/scalars.js';
import { Name } from '../../model/ResourceName.js';
import { NatsName, SubjectPrefix } from '../../nats/NatsName.js';
import { NatsServerUrl } from '../../nats/NatsServerUrl.js';

/** Messages (or snapshot lines) per page, by default. */
export const DEFAULT_JETSTREAM_LIMIT = 500;

/** Where a late joiner finds the current state: the Object Store bucket the publisher writes snapshots to. */
export const JetStreamSnapshotConfig = closedObject('JetStreamSnapshotConfig', { bucket: NatsName }, {});
export type JetStreamSnapshotConfig = t.TypeOf<typeof JetStreamSnapshotConfig>;

/**
 * A JetStream stream of deltas, one per message (the NDJSON line format) on `<subjectPrefix>.<resource>`,
 * mirrored with the stream sequence as cursor: see {@link jetStreamSource}.
 *
 * - `nats`: the server, default `nats://127.0.0.1:4222` ({@link DEFAULT_NATS_URL}).
 * - `stream`: the stream's name (the publisher creates it).
 * - `subjectPrefix`: the source reads `<subjectPrefix>.>`.
 * - `limit`: messages per page (default {@link DEFAULT_JETSTREAM_LIMIT}).
 * - `snapshot.bucket`: an Object Store bucket holding the stream's latest snapshot: a mirror without a
 *   cursor starts from it, then follows the stream from the sequence it covers.
 */
export const JetStreamSourceConfig = closedObject(
  'JetStreamSourceConfig',
  { type: t.literal('jetstream'), id: Name, stream: NatsName, subjectPrefix: SubjectPrefix },
  { nats: NatsServerUrl, limit: PositiveInteger, snapshot: JetStreamSnapshotConfig },
);
export type JetStreamSourceConfig = t.TypeOf<typeof JetStreamSourceConfig>;
