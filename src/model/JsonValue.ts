import * as t from 'io-ts';
import { isLosslessNumber, isNumber, type LosslessNumber } from 'lossless-json';
import { describeLoneSurrogate, loneSurrogateAt } from './loneSurrogateAt.js';

/**
 * Any value JSON can carry. Payloads are `JsonValue`, never `any`. A number is a `number` when a double
 * keeps it; a `bigint` or a `LosslessNumber` (from lossless-json, holding the number's text) keeps the
 * digits of one it does not: `12345678901234567890`, `3.141592653589793238462643383279`, `1e400`.
 */
export type JsonValue =
  null | boolean | number | bigint | LosslessNumber | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Deepest nesting a payload may have; deeper input is rejected rather than risking the stack. */
export const MAX_JSON_DEPTH = 512;

/** The first thing that keeps a value from being a {@link JsonValue}: where (keys from the root), what, why. */
interface JsonValueProblem {
  readonly path: readonly { readonly key: string; readonly value: unknown }[];
  readonly value: unknown;
  readonly reason: string;
}

type Step = JsonValueProblem['path'][number];

/** A LosslessNumber's `value` is public and writable: what a payload gets must still be a JSON number. */
const isWellFormedNumber = (n: LosslessNumber): boolean => typeof n.value === 'string' && isNumber(n.value);

const problemIn = (u: unknown, depth: number, path: Step[]): JsonValueProblem | undefined => {
  if (u === null || typeof u === 'boolean') return undefined;
  if (typeof u === 'string') {
    const lone = loneSurrogateAt(u);
    return lone === undefined
      ? undefined
      : { path, value: u, reason: `expected well-formed Unicode text (${describeLoneSurrogate(lone)})` };
  }
  if (typeof u === 'number') {
    return Number.isFinite(u) ? undefined : { path, value: u, reason: 'expected a finite number' };
  }
  if (typeof u === 'bigint') return undefined;
  if (typeof u !== 'object') return { path, value: u, reason: 'expected a JSON value' };
  if (depth > MAX_JSON_DEPTH) {
    // Named at the root: the path down here would be over 512 steps long.
    return { path: [], value: u, reason: `nested more than ${MAX_JSON_DEPTH} levels deep` };
  }
  if (Array.isArray(u)) {
    for (let i = 0; i < u.length; i++) {
      const value: unknown = u[i];
      path.push({ key: String(i), value });
      const problem = problemIn(value, depth + 1, path);
      if (problem !== undefined) return problem;
      path.pop();
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(u) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    if (!isLosslessNumber(u)) return { path, value: u, reason: 'expected a plain object' };
    return isWellFormedNumber(u)
      ? undefined
      : { path, value: u.value, reason: 'expected a LosslessNumber holding JSON number text' };
  }
  for (const [key, value] of Object.entries(u)) {
    path.push({ key, value });
    const lone = loneSurrogateAt(key);
    if (lone !== undefined) {
      return {
        path,
        value: key,
        reason: `expected a well-formed Unicode key (${describeLoneSurrogate(lone)})`,
      };
    }
    const problem = problemIn(value, depth + 1, path);
    if (problem !== undefined) return problem;
    path.pop();
  }
  return undefined;
};

interface MaybeWellFormed {
  isWellFormed?: () => boolean;
}

const isWellFormed = (s: string): boolean =>
  (s as MaybeWellFormed).isWellFormed?.() ?? loneSurrogateAt(s) === undefined;

/** The fast check, allocation-free: whether {@link problemIn} would find nothing. */
const isJsonValue = (u: unknown, depth: number): boolean => {
  if (u === null || typeof u === 'boolean') return true;
  if (typeof u === 'string') return isWellFormed(u);
  if (typeof u === 'number') return Number.isFinite(u);
  if (typeof u === 'bigint') return true;
  if (typeof u !== 'object' || depth > MAX_JSON_DEPTH) return false;
  if (Array.isArray(u)) {
    for (let i = 0; i < u.length; i++) if (!isJsonValue(u[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(u) as unknown;
  if (proto !== Object.prototype && proto !== null) return isLosslessNumber(u) && isWellFormedNumber(u);
  const keys = Object.keys(u);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!isWellFormed(key) || !isJsonValue((u as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
};

const jsonValueProblem = (u: unknown): JsonValueProblem | undefined =>
  isJsonValue(u, 0) ? undefined : problemIn(u, 0, []);

/**
 * Codec for a JSON value: finite numbers only (no NaN/Infinity; a bigint, or a LosslessNumber holding
 * JSON number text, for numbers a double does not keep), well-formed Unicode strings and keys
 * (no lone surrogates: they have no UTF-8 form), plain objects and arrays, at most
 * {@link MAX_JSON_DEPTH} levels deep. A failure names the first offending place, e.g. `payload.tags[2]`.
 */
export const JsonValue = new t.Type<JsonValue, JsonValue, unknown>(
  'JsonValue',
  (u): u is JsonValue => jsonValueProblem(u) === undefined,
  (u, c) => {
    const problem = jsonValueProblem(u);
    if (problem === undefined) return t.success(u as JsonValue);
    const context = [
      ...c,
      ...problem.path.map(({ key, value }) => ({ key, type: t.unknown, actual: value })),
    ];
    return t.failure(problem.value, context, problem.reason);
  },
  t.identity,
);

/** Whether a value is a JSON object: not null, an array, nor a LosslessNumber (an object in JavaScript). */
export const isJsonObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isLosslessNumber(v);
