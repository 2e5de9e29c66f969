import { canonicalJson } from '../model/canonicalJson.js';
import { deltaKey } from '../model/deltaKey.js';
import type { MirrorItem } from '../model/MirrorItem.js';
import { isDelta, type SourceEmission } from '../model/SourceEmission.js';

/** Tags what a source emitted with the source's id; computes a delta's canonical payload and key once. */
export const toMirrorItem =
  (source: string) =>
  (emission: SourceEmission): MirrorItem => {
    if (!isDelta(emission)) return { ...emission, source };
    const payloadJson = canonicalJson(emission.payload);
    return { kind: 'delta', source, delta: emission, key: deltaKey(emission, payloadJson), payloadJson };
  };
