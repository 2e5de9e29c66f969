import type { DeltaOp } from '../model/Delta.js';

/** What a delta line is written from: stored values, the payload as stored JSON text. */
export interface DeltaLineFields {
  readonly resource: string;
  readonly recordId: string;
  readonly op: DeltaOp;
  /** Canonical JSON as the mirror stores it; ignored for a delete, whose payload is `null`. */
  readonly payloadJson: string;
  readonly occurredAt: string;
  readonly source: string;
  readonly confidence: number;
}

/**
 * One delta in the NDJSON line format `ingest` reads (snake_case, the provenance with it), without the
 * newline. The payload is spliced in as stored, never parsed and written again, so every digit of
 * every number reaches the reader.
 */
export const deltaLine = (f: DeltaLineFields): string =>
  `{"resource":${JSON.stringify(f.resource)},"record_id":${JSON.stringify(f.recordId)},"op":"${f.op}",` +
  `"payload":${f.op === 'delete' ? 'null' : f.payloadJson},"occurred_at":${JSON.stringify(f.occurredAt)},` +
  `"provenance":{"source":${JSON.stringify(f.source)},"confidence":${JSON.stringify(f.confidence)}}}`;
