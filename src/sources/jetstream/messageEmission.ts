import type { JsMsg } from '@nats-io/jetstream';
import type { Delta } from '../../model/Delta.js';
import { deltaOrRejection } from '../../model/decodeDelta.js';
import { firstInvalidUtf8Byte } from '../../model/firstInvalidUtf8Byte.js';
import { rejection, type Rejection } from '../../model/SourceEmission.js';

/** Where a message sits, as `mirror_rejects` shows it: `jetstream://STREAM/SUBJECT#SEQ`. */
export const messageLocation = (stream: string, subject: string, seq: number): string =>
  `jetstream://${stream}/${subject}#${seq}`;

/**
 * One message of the stream as a delta: its body is one line of Delta JSON (the NDJSON format, numbers
 * kept with every digit), and the delta names its own resource. A body that is not UTF-8, not JSON or
 * not a delta is a rejection located at {@link messageLocation}.
 */
export const messageEmission = (stream: string, message: JsMsg): Delta | Rejection => {
  const location = messageLocation(stream, message.subject, message.seq);
  const bytes = message.data;
  const bad = firstInvalidUtf8Byte(bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (bad !== undefined) {
    const byte = (bytes[bad] as number).toString(16).toUpperCase().padStart(2, '0');
    return rejection(location, text, [
      { path: '', reason: `not valid UTF-8: byte 0x${byte} at byte ${bad} of the message` },
    ]);
  }
  return deltaOrRejection(text, location);
};
