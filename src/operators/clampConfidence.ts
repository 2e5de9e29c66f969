import { map, type MonoTypeOperatorFunction } from 'rxjs';
import type { DeltaItem, MirrorItem } from '../model/MirrorItem.js';

const clampItem = (item: DeltaItem): DeltaItem => {
  const { delta } = item;
  const { confidence } = delta.provenance;
  if (confidence >= 0 && confidence <= 1) return item;
  return {
    ...item,
    delta: { ...delta, provenance: { ...delta.provenance, confidence: confidence < 0 ? 0 : 1 } },
  };
};

/**
 * Clamps each delta's `provenance.confidence` into [0, 1]: a finite value below 0 becomes 0, above 1
 * becomes 1. A clamped delta is a new object (the input is never mutated); an item already in range,
 * and every checkpoint and reject, passes through as the same object.
 *
 * The item's `key` is kept: it identifies the delta as the source delivered it, which is what
 * {@link dedupe} and its persisted `isKnown` check compare, so a re-delivery is still recognised.
 *
 * A confidence that is not a finite number never gets here: the edge (`toMirrorItem`) refuses such a
 * delta as a rejection naming `provenance.confidence`, not a 0.
 *
 * Memory bound: stateless, O(1) per item.
 */
export const clampConfidence = (): MonoTypeOperatorFunction<MirrorItem> =>
  map((item) => (item.kind === 'delta' ? clampItem(item) : item));
