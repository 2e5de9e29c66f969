import { isLosslessNumber } from 'lossless-json';
import { canonicalNumberText } from './canonicalNumberText.js';
import type { JsonValue } from './JsonValue.js';

/**
 * JSON text with object keys sorted and no whitespace: equal values always give equal text.
 * Used for stored payloads (so replay reproduces them byte for byte) and for delta keys. Numbers are
 * written as `JSON.stringify` writes them; a bigint or a LosslessNumber with all of its digits, the same
 * way (see {@link canonicalNumberText}), so `5n` writes `5` like `5`.
 */
export const canonicalJson = (value: JsonValue): string => {
  const sorted = inKeyOrder(value);
  return sorted === undefined ? canonicalText(value) : JSON.stringify(sorted);
};

/** Sorts keys in place: insertion sort allocates nothing, and payload objects have few keys. */
const sortKeys = (keys: string[]): string[] => {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
};

/**
 * The value with every object's keys in sorted order — the value itself where they already are —
 * so that `JSON.stringify` (native, one flat string) writes the canonical text. `undefined` when an
 * object has a key whose place `JSON.stringify` does not take from insertion order: an array index
 * such as "7" (listed first, in numeric order) or "__proto__" (not an own property when assigned);
 * and when it holds a number `JSON.stringify` cannot write (a bigint, a LosslessNumber).
 */
const inKeyOrder = (value: JsonValue): JsonValue | undefined => {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? undefined : value;
  if (Array.isArray(value)) {
    let copy: JsonValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as JsonValue;
      const sorted = inKeyOrder(item);
      if (sorted === undefined) return undefined;
      if (sorted !== item) copy ??= value.slice();
      if (copy !== undefined) copy[i] = sorted;
    }
    return copy ?? value;
  }
  if (isLosslessNumber(value)) return undefined;
  const keys = Object.keys(value);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') return undefined; // 0-9
    if (i > 0 && (keys[i - 1] as string) > key) inOrder = false;
  }
  if (!inOrder) sortKeys(keys);
  let copy: { [key: string]: JsonValue } | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = value[key] as JsonValue;
    const sorted = inKeyOrder(item);
    if (sorted === undefined) return undefined;
    if (copy === undefined && (!inOrder || sorted !== item)) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j] as string] = value[keys[j] as string] as JsonValue;
    }
    if (copy !== undefined) copy[key] = sorted;
  }
  return copy ?? value;
};

/** The canonical text, written value by value: for what {@link inKeyOrder} cannot hand to `JSON.stringify`. */
const canonicalText = (value: JsonValue): string => {
  if (typeof value === 'bigint') return canonicalNumberText(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (isLosslessNumber(value)) return canonicalNumberText(value);
  const keys = sortKeys(Object.keys(value));
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += `${JSON.stringify(key)}:${canonicalText(value[key] as JsonValue)}`;
  }
  return `${out}}`;
};
