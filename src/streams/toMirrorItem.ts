import * as E from 'fp-ts/lib/Either.js';
import { canonicalJson } from '../model/canonicalJson.js';
import { Delta } from '../model/Delta.js';
import { decodeDelta } from '../model/decodeDelta.js';
import { deltaKey } from '../model/deltaKey.js';
import { isJsonObject } from '../model/JsonValue.js';
import { replaceLoneSurrogates } from '../model/loneSurrogateAt.js';
import type { MirrorItem } from '../model/MirrorItem.js';
import { isDelta, rejection, type SourceEmission } from '../model/SourceEmission.js';

/** The rejected delta as text for `mirror_rejects`; a value JSON cannot write (too deep, a bigint) says so. */
const inputText = (emission: object): string => {
  try {
    return JSON.stringify(emission);
  } catch (cause) {
    return `(a delta that JSON cannot write: ${cause instanceof Error ? cause.message : String(cause)})`;
  }
};

/**
 * Tags what a source emitted with the source's id; computes a delta's canonical payload and key once.
 * A delta a library source built in code is checked like a decoded one (the {@link Delta} codec: a
 * well-formed record id and names, a finite confidence, a canonical `occurred_at`, a JSON payload at
 * most 512 levels deep, no lone surrogates, an object for an upsert): one that fails becomes a rejection
 * naming its paths, kept in `mirror_rejects`, and the source goes on.
 */
export const toMirrorItem =
  (source: string) =>
  (emission: SourceEmission): MirrorItem => {
    if (!isDelta(emission)) return { ...emission, source };
    if (!Delta.is(emission) || (emission.op === 'upsert' && !isJsonObject(emission.payload))) {
      const location = `delta ${printable(emission.resource)}/${printable(emission.record_id)}`;
      const decoded = decodeDelta(emission, location);
      if (E.isLeft(decoded)) {
        return { ...rejection(location, inputText(emission), decoded.left.issues), source };
      }
    }
    const payloadJson = canonicalJson(emission.payload);
    return { kind: 'delta', source, delta: emission, key: deltaKey(emission, payloadJson), payloadJson };
  };

/** A name for the location column: well-formed text (lone surrogates replaced), at most 100 characters. */
const printable = (value: unknown): string => {
  const text =
    typeof value === 'string' ? replaceLoneSurrogates(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
};
