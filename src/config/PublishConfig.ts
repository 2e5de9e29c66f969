import type * as t from 'io-ts';
import { closedObject } from '../codecs/closedObject.js';
import { PositiveInteger } from '../codecs/scalars.js';
import { NatsName, SubjectPrefix } from '../nats/NatsName.js';
import { NatsServerUrl } from '../nats/NatsServerUrl.js';

/** `publish.snapshot`: where and when the state is written for hosts that join late. */
export const PublishSnapshotConfig = closedObject(
  'PublishSnapshotConfig',
  {
    /** The Object Store bucket (created if missing); the object is named after the stream. */
    bucket: NatsName,
  },
  {
    /** After this many events published since the last snapshot (default 10,000). */
    everyEvents: PositiveInteger,
    /** This many ms after the last snapshot, if anything was published since (default 10 minutes). */
    everyMs: PositiveInteger,
  },
);

/**
 * `publish` in `mirror.config.json`: `sync` publishes every change the mirror commits to a JetStream
 * stream, `<subjectPrefix>.<resource>`, as an outbox (see `createPublisher`).
 */
export const PublishConfig = closedObject(
  'PublishConfig',
  {
    /** The JetStream stream: created if missing (subjects `<subjectPrefix>.>`, file storage). */
    stream: NatsName,
    subjectPrefix: SubjectPrefix,
  },
  {
    /** The NATS server (default `nats://127.0.0.1:4222`). */
    nats: NatsServerUrl,
    snapshot: PublishSnapshotConfig,
  },
);
export type PublishConfig = t.TypeOf<typeof PublishConfig>;
