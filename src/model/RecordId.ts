import * as t from 'io-ts';
import { describeLoneSurrogate, loneSurrogateAt } from './loneSurrogateAt.js';

export interface RecordIdBrand {
  readonly RecordId: unique symbol;
}

/** Longest record id accepted, in UTF-16 code units. Longer ids are rejected, not truncated. */
export const MAX_RECORD_ID_LENGTH = 1024;

/** A record's stable id within its resource: 1 to {@link MAX_RECORD_ID_LENGTH} characters, well-formed Unicode. */
export type RecordId = t.Branded<string, RecordIdBrand>;

const problemOf = (u: unknown): string | undefined => {
  if (typeof u !== 'string' || u.length === 0 || u.length > MAX_RECORD_ID_LENGTH) {
    const length =
      typeof u === 'string' && u.length > MAX_RECORD_ID_LENGTH ? ` (this one has ${u.length})` : '';
    return `expected a record id of 1 to ${MAX_RECORD_ID_LENGTH} characters${length}`;
  }
  const lone = loneSurrogateAt(u);
  return lone === undefined
    ? undefined
    : `expected well-formed Unicode text (${describeLoneSurrogate(lone)})`;
};

export const RecordId = new t.Type<RecordId, string, unknown>(
  'RecordId',
  (u): u is RecordId => problemOf(u) === undefined,
  (u, c) => {
    const problem = problemOf(u);
    return problem === undefined ? t.success(u as RecordId) : t.failure(u, c, problem);
  },
  t.identity,
);
