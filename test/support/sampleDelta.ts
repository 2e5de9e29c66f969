import type { Delta } from '../../src/model/Delta.js';
import type { RecordId } from '../../src/model/RecordId.js';
import type { Timestamp } from '../../src/model/Timestamp.js';

/** An upsert whose payload is not ASCII; its key is pinned in deltaKey.test.ts. */
export const sampleDelta: Delta = {
  resource: 'pets',
  record_id: '1' as RecordId,
  op: 'upsert',
  payload: { a: 'ünïcødé ✓ 😀' },
  occurred_at: '2024-01-01T00:00:00.000000000Z' as Timestamp,
  provenance: { source: 'crm', confidence: 0.7 },
};
