import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { DecodeError, type DecodeIssue } from '../errors/DecodeError.js';
import { isLosslessNumber } from 'lossless-json';
import { Delta } from './Delta.js';
import { isJsonObject } from './JsonValue.js';
import { describeValidationErrors } from '../codecs/describeValidationErrors.js';
import { parseJson } from './parseJson.js';
import { rejection, type Rejection } from './SourceEmission.js';

const checkPayload = (delta: Delta, root: string): DecodeIssue[] => {
  if (delta.op === 'upsert' && !isJsonObject(delta.payload)) {
    return [
      { path: root === '' ? 'payload' : `${root}.payload`, reason: 'expected a JSON object for an upsert' },
    ];
  }
  return [];
};

/**
 * Decodes untrusted input into a {@link Delta}. On failure, a {@link DecodeError} whose issues name
 * each failing path under `root` (e.g. root `deltas[3]` gives `deltas[3].occurred_at`).
 * A delete's payload is ignored and stored as `null`.
 */
export const decodeDelta = (input: unknown, location: string, root = ''): E.Either<DecodeError, Delta> =>
  pipe(
    Delta.decode(input),
    E.mapLeft((errors) => describeValidationErrors(errors, root)),
    E.chain((delta) => {
      const issues = checkPayload(delta, root);
      return issues.length === 0 ? E.right(delta) : E.left(issues);
    }),
    E.bimap(
      (issues) => new DecodeError(location, issues, input),
      (delta): Delta => (delta.op === 'delete' ? { ...delta, payload: null } : delta),
    ),
  );

/**
 * A confidence is a double, clamped to [0, 1]: one written with more digits than a double keeps
 * (`0.99999999999999999`, a bigint) is read as the nearest double, as JSON.parse always read it. Only
 * payloads keep every digit. `1e400` reads as Infinity, and the codec refuses it as before.
 */
const withDoubleConfidence = (value: unknown): unknown => {
  const provenance = (value as { provenance?: unknown } | null)?.provenance;
  if (typeof provenance !== 'object' || provenance === null) return value;
  const confidence = (provenance as { confidence?: unknown }).confidence;
  if (typeof confidence === 'bigint' || isLosslessNumber(confidence)) {
    (provenance as { confidence: unknown }).confidence = Number(String(confidence));
  }
  return value;
};

/**
 * Parses one line of newline-delimited Delta JSON. Payload numbers keep every digit (see `parseJson`:
 * a bigint or a LosslessNumber where a double would lose some).
 */
export const decodeDeltaLine = (line: string, location: string): E.Either<DecodeError, Delta> =>
  pipe(
    E.tryCatch(
      (): unknown => withDoubleConfidence(parseJson(line)),
      (cause) =>
        new DecodeError(
          location,
          [{ path: '', reason: `not valid JSON (${(cause as Error).message})` }],
          line,
          {
            cause,
          },
        ),
    ),
    E.chain((value) => decodeDelta(value, location)),
  );

/** One NDJSON line as a source emits it: the delta, or a rejection at `location` with the reasons. */
export const deltaOrRejection = (line: string, location: string): Delta | Rejection => {
  const decoded = decodeDeltaLine(line, location);
  return E.isRight(decoded) ? decoded.right : rejection(location, line, decoded.left.issues);
};
