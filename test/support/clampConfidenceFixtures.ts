import { from } from 'rxjs';
import type { DeltaItem, MirrorItem } from '../../src/model/MirrorItem.js';
import { clampConfidence } from '../../src/operators/clampConfidence.js';
import { collectSync } from './collectSync.js';
import { deltaItem } from './items.js';

/** A copy of `item` whose confidence is `confidence`, whatever it is. */
export const withConfidence = (item: DeltaItem, confidence: unknown): DeltaItem => ({
  ...item,
  delta: { ...item.delta, provenance: { ...item.delta.provenance, confidence: confidence as number } },
});

/** A delta whose confidence is already in [0, 1]. */
export const inRange = deltaItem({ recordId: 'in', confidence: 0.4 });

/** `item` through clampConfidence, alone. */
export const clampOne = (item: MirrorItem): MirrorItem => {
  const [out] = collectSync(from([item]).pipe(clampConfidence()));
  if (out === undefined) throw new Error('no output');
  return out;
};
