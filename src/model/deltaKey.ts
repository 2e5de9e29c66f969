import { createHash } from 'node:crypto';
import type { Delta } from './Delta.js';

/**
 * What identifies a delta: a 128-bit SHA-256 prefix (base64url, 22 characters) over every field,
 * the payload in canonical form. The same change delivered twice (a re-fetched page, a webhook and a
 * poll) has the same key, whatever the key order of its payload.
 */
export type DeltaKey = string;

export const deltaKey = (delta: Delta, payloadJson: string): DeltaKey =>
  createHash('sha256')
    .update(
      JSON.stringify([
        delta.resource,
        delta.record_id,
        delta.op,
        delta.occurred_at,
        delta.provenance.source,
        delta.provenance.confidence,
      ]),
    )
    .update('\n')
    .update(payloadJson)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
