import type { Delta } from '../model/Delta.js';
import { parseJson } from '../model/parseJson.js';
import type { Rejection } from '../model/SourceEmission.js';
import type { SecretMask } from '../sources/transport/SecretMask.js';
import type { FirstItemCheck } from './ConfigCheck.js';

/** The own keys of a JSON object; none for anything else. */
const fieldsOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];

/** The top-level fields of a rejected input (its text as the source kept it), if it is a JSON object. */
const rejectedFields = (input: string): string[] => {
  try {
    return fieldsOf(parseJson(input));
  } catch {
    return []; // not JSON at all: the issues say so
  }
};

/**
 * What a first item became in its source's page, as sync would store it: a delta's resource, id,
 * time and payload fields, or a rejection's issues (each with its path in the input). Every text
 * shown passes through the source's `mask`: a server may put a credential anywhere in an item.
 */
export const firstItemCheck = (emission: Delta | Rejection, mask: SecretMask): FirstItemCheck => {
  if ('kind' in emission) {
    return {
      decoded: false,
      issues: emission.issues.map((issue) => ({
        path: mask.text(issue.path),
        reason: mask.text(issue.reason),
      })),
      fields: rejectedFields(emission.input).map((field) => mask.text(field)),
    };
  }
  return {
    decoded: true,
    resource: emission.resource,
    op: emission.op,
    record_id: mask.text(emission.record_id),
    occurred_at: emission.occurred_at,
    fields: fieldsOf(emission.payload).map((field) => mask.text(field)),
  };
};
