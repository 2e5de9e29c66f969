import * as t from 'io-ts';

export interface RecordIdBrand {
  readonly RecordId: unique symbol;
}

/** Longest record id accepted, in UTF-16 code units. Longer ids are rejected, not truncated. */
export const MAX_RECORD_ID_LENGTH = 1024;

/** A record's stable id within its resource: 1 to {@link MAX_RECORD_ID_LENGTH} characters. */
export type RecordId = t.Branded<string, RecordIdBrand>;

const isRecordId = (u: unknown): u is RecordId =>
  typeof u === 'string' && u.length > 0 && u.length <= MAX_RECORD_ID_LENGTH;

export const RecordId = new t.Type<RecordId, string, unknown>(
  'RecordId',
  isRecordId,
  (u, c) =>
    isRecordId(u)
      ? t.success(u)
      : t.failure(u, c, `expected a record id of 1 to ${MAX_RECORD_ID_LENGTH} characters`),
  t.identity,
);
