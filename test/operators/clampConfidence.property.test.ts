import fc from 'fast-check';
import type { DeltaItem } from '../../src/model/MirrorItem.js';
import { clampOne, inRange, withConfidence } from '../support/clampConfidenceFixtures.js';

describe('clampConfidence, for any finite confidence', () => {
  it('keeps every finite confidence in [0, 1], changing only those outside', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (confidence) => {
        const item = withConfidence(inRange, confidence);
        const out = clampOne(item) as DeltaItem;
        expect(out.delta.provenance.confidence).toBe(confidence < 0 ? 0 : confidence > 1 ? 1 : confidence);
        expect(out === item).toBe(confidence >= 0 && confidence <= 1);
        expect({ ...out, delta: { ...out.delta, provenance: item.delta.provenance } }).toEqual(item);
      }),
    );
  });
});
