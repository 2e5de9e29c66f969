import * as crypto from 'node:crypto';
import type { Delta } from './Delta.js';

/**
 * What identifies a delta: a 128-bit SHA-256 prefix (base64url, 22 characters) over every field,
 * the payload in canonical form. The same change delivered twice (a re-fetched page, a webhook and a
 * poll) has the same key, whatever the key order of its payload.
 */
export type DeltaKey = string;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * SHA-256 of a string, as base64url text. `crypto.hash` (one shot: no `Hash` object, no `Buffer`)
 * arrived in Node 20.12; older Node 20 releases fall back to `createHash`. Same text either way.
 */
const sha256Base64url: (text: string) => string =
  typeof (crypto as Partial<typeof crypto>).hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'base64url')
    : (text) => crypto.createHash('sha256').update(text).digest('base64url');

/**
 * The base64url text of the first 16 bytes of a digest, from the base64url text of all 32: characters
 * 0–20 carry bytes 0–14 and the top 6 bits of byte 15; character 21 carries the low 2 bits of byte 15
 * and then the top 4 bits of byte 16, which the 16-byte text has as zeros.
 */
const first16Bytes = (digest: string): string =>
  `${digest.slice(0, 21)}${BASE64URL[BASE64URL.indexOf(digest.charAt(21)) & 0b110000] as string}`;

export const deltaKey = (delta: Delta, payloadJson: string): DeltaKey =>
  // The fields, a newline, the payload: hashed as one text, the same bytes as hashing them in parts.
  first16Bytes(
    sha256Base64url(
      `${JSON.stringify([
        delta.resource,
        delta.record_id,
        delta.op,
        delta.occurred_at,
        delta.provenance.source,
        delta.provenance.confidence,
      ])}\n${payloadJson}`,
    ),
  );
