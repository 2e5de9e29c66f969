import { isSubjectToken } from '../nats/NatsName.js';
import type { PublishableEvent } from '../store/statements/readPublishableEvents.js';
import { deltaLine } from './deltaLine.js';

/** The header that carries the publisher's event `seq` (JetStream's `Nats-Msg-Id` carries the delta key). */
export const MIRROR_SEQ_HEADER = 'Oxide-Mirror-Seq';

/** One event as it goes on the wire. */
export interface PublishedMessage {
  /** `<subjectPrefix>.<resource>` */
  readonly subject: string;
  /** The event's outcome as one NDJSON delta line (UTF-8, no newline). */
  readonly body: Uint8Array;
  /** `Nats-Msg-Id`: the event's delta key, which JetStream's duplicate window drops a repeat by. */
  readonly msgId: string;
  /** {@link MIRROR_SEQ_HEADER}: the event's `seq` in the publisher's log. */
  readonly seq: number;
}

const encoder = new TextEncoder();

/**
 * The message of an event that changed the mirror: its outcome (the merge result for a merge, else the
 * delta's payload) with the event's provenance. `undefined` when its resource is not a subject token
 * (the caller refuses it by name).
 */
export const publishedMessage = (subjectPrefix: string, e: PublishableEvent): PublishedMessage | undefined =>
  isSubjectToken(e.resource)
    ? {
        subject: `${subjectPrefix}.${e.resource}`,
        body: encoder.encode(
          deltaLine({
            resource: e.resource,
            recordId: e.recordId,
            op: e.op,
            payloadJson: e.outcomeJson,
            occurredAt: e.occurredAt,
            source: e.source,
            confidence: e.confidence,
          }),
        ),
        msgId: e.deltaKey,
        seq: e.seq,
      }
    : undefined;
