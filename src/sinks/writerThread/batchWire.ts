import type { Delta, DeltaOp } from '../../model/Delta.js';
import type { JsonValue } from '../../model/JsonValue.js';
import type { CheckpointItem, DeltaItem, MirrorItem, RejectItem } from '../../model/MirrorItem.js';
import { parseJson } from '../../model/parseJson.js';
import type { RecordId } from '../../model/RecordId.js';
import type { Timestamp } from '../../model/Timestamp.js';

/** Fields of one delta item, in {@link BatchWire.deltas}. */
const DELTA_FIELDS = 9;

/**
 * A batch as it is sent to the writer thread: each delta as ten flat values (strings and numbers clone
 * many times faster than an object graph, and a payload travels as the canonical JSON the item already
 * holds), the other items as they are, with their positions.
 */
export interface BatchWire {
  readonly length: number;
  /**
   * Per delta, in batch order: source, key, payload JSON, resource, record id, op, occurred_at,
   * provenance source, confidence.
   */
  readonly deltas: readonly (string | number)[];
  readonly others: readonly (readonly [position: number, item: CheckpointItem | RejectItem])[];
}

/** On the caller's thread: `batch` as it is sent. */
export const batchToWire = (batch: readonly MirrorItem[]): BatchWire => {
  const deltas: (string | number)[] = [];
  const others: (readonly [number, CheckpointItem | RejectItem])[] = [];
  for (let i = 0; i < batch.length; i++) {
    const item = batch[i] as MirrorItem;
    if (item.kind !== 'delta') {
      others.push([i, item]);
      continue;
    }
    const { delta } = item;
    deltas.push(
      item.source,
      item.key,
      item.payloadJson,
      delta.resource,
      delta.record_id,
      delta.op,
      delta.occurred_at,
      delta.provenance.source,
      delta.provenance.confidence,
    );
  }
  return { length: batch.length, deltas, others };
};

/**
 * On the writer thread: the batch's items again. A delta's payload is its canonical JSON parsed as the
 * store reads payloads (numbers a double cannot hold keep their digits), which is the value the caller's
 * payload stands for, its keys in canonical order (which nothing the writer does depends on: views give
 * new fields their columns in sorted order); the caller keeps its own objects for what it emits.
 */
export const batchFromWire = (wire: BatchWire): MirrorItem[] => {
  const items: MirrorItem[] = new Array<MirrorItem>(wire.length);
  for (const [position, item] of wire.others) items[position] = item;
  const d = wire.deltas;
  let at = 0;
  for (let i = 0; i < wire.length; i++) {
    if (items[i] !== undefined) continue;
    const payloadJson = d[at + 2] as string;
    const delta: Delta = {
      resource: d[at + 3] as string,
      record_id: d[at + 4] as RecordId,
      op: d[at + 5] as DeltaOp,
      payload: parseJson(payloadJson) as JsonValue,
      occurred_at: d[at + 6] as Timestamp,
      provenance: { source: d[at + 7] as string, confidence: d[at + 8] as number },
    };
    const item: DeltaItem = {
      kind: 'delta',
      source: d[at] as string,
      delta,
      key: d[at + 1] as string,
      payloadJson,
    };
    items[i] = item;
    at += DELTA_FIELDS;
  }
  return items;
};
