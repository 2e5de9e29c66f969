import * as E from 'fp-ts/lib/Either.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { isDeltaValue, type Delta } from '../model/Delta.js';
import { decodeDelta } from '../model/decodeDelta.js';
import { deltaKey } from '../model/deltaKey.js';
import { isJsonObject } from '../model/JsonValue.js';
import { jsonText } from '../codecs/jsonText.js';
import { replaceLoneSurrogates } from '../model/loneSurrogateAt.js';
import type { MirrorItem } from '../model/MirrorItem.js';
import { isDelta, rejection, type SourceEmission } from '../model/SourceEmission.js';

/** The rejected delta as text for `mirror_rejects`; a value JSON cannot write (a cycle, too deep) says so. */
const inputText = (emission: object): string =>
  jsonText(emission) ?? '(a delta that JSON cannot write: a cycle, or nested too deep)';

/**
 * Already in the one form the mirror stores: what the {@link Delta} codec decodes it to (its `is` check
 * accepts only a canonical `occurred_at`), an object payload for an upsert, no payload for a delete.
 */
const isCanonical = (delta: Delta): boolean =>
  isDeltaValue(delta) && (delta.op === 'upsert' ? isJsonObject(delta.payload) : delta.payload === null);

/**
 * Tags what a source emitted with the source's id, and brings a delta to its one canonical form before
 * anything compares it: a library source's delta is checked like a decoded one and what leaves is what
 * the {@link Delta} codec decoded, not the object as built: `occurred_at` in canonical UTC with
 * nanosecond digits (whatever RFC 3339 form it was written in), a delete without payload. So
 * last-write-wins, ordering and the delta key see the same values however a source wrote them. Its
 * canonical payload and key are computed once, here. A delta that does not decode (an empty or
 * lone-surrogate id, a non-finite confidence, a payload over 512 levels deep, a non-object upsert
 * payload) becomes a rejection naming its paths, kept in `mirror_rejects`, and the source goes on.
 */
export const toMirrorItem =
  (source: string) =>
  (emission: SourceEmission): MirrorItem => {
    if (!isDelta(emission)) return { ...emission, source };
    let delta = emission;
    if (!isCanonical(emission)) {
      const location = `delta ${printable(emission.resource)}/${printable(emission.record_id)}`;
      const decoded = decodeDelta(emission, location);
      if (E.isLeft(decoded)) {
        return { ...rejection(location, inputText(emission), decoded.left.issues), source };
      }
      delta = decoded.right;
    }
    const payloadJson = canonicalJson(delta.payload);
    return { kind: 'delta', source, delta, key: deltaKey(delta, payloadJson), payloadJson };
  };

/** A name for the location column: well-formed text (lone surrogates replaced), at most 100 characters. */
const printable = (value: unknown): string => {
  const text = typeof value === 'string' ? replaceLoneSurrogates(value) : (jsonText(value) ?? typeof value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
};
