import type { DeltaJson } from '../../src/model/Delta.js';

/** A deterministic stream of delta lines: `records` records updated in turns, occurred_at increasing. */
export const deltaLines = (count: number, records: number, resource = 'items'): string[] =>
  Array.from({ length: count }, (_, i) => {
    const delta: DeltaJson = {
      resource,
      record_id: `r${i % records}`,
      op: i % 97 === 96 ? 'delete' : 'upsert',
      payload:
        i % 97 === 96
          ? null
          : { n: i, name: `item ${i % records}`, tags: ['a', 'b'], nested: { even: i % 2 === 0 } },
      occurred_at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
      provenance: { source: 'gen', confidence: 1 },
    };
    return JSON.stringify(delta);
  });
