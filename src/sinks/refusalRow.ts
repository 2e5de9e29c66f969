import type { RefusedDelta } from '../model/DecidedBatch.js';
import { truncateRejectedInput } from '../model/truncateRejectedInput.js';
import type { RejectRow } from '../store/statements/appendReject.js';

/**
 * The `mirror_rejects` row of a refused delta: located by its record (`delta pets/1`), the input is
 * the delta as JSON with its canonical payload (what a source would send again), the issue is why.
 */
export const refusalRow = ({ delta, payloadJson, source, stage, error }: RefusedDelta): RejectRow => {
  const head = JSON.stringify({
    resource: delta.resource,
    record_id: delta.record_id,
    op: delta.op,
  }).slice(0, -1);
  const tail = JSON.stringify({ occurred_at: delta.occurred_at, provenance: delta.provenance }).slice(1);
  return {
    kind: stage,
    source,
    location: `delta ${delta.resource}/${delta.record_id}`,
    input: truncateRejectedInput(`${head},"payload":${payloadJson},${tail}`),
    issues: [{ path: '', reason: error.message }],
  };
};
