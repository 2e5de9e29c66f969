import * as t from 'io-ts';

export interface RecordIdBrand {
  readonly RecordId: unique symbol;
}

/** Longest record id accepted, in UTF-16 code units. Longer ids are rejected, not truncated. */
export const MAX_RECORD_ID_LENGTH = 1024;

/** A record's stable id within its resource: 1 to {@link MAX_RECORD_ID_LENGTH} characters. */
export const RecordId = t.brand(
  t.string,
  (s): s is t.Branded<string, RecordIdBrand> => s.length > 0 && s.length <= MAX_RECORD_ID_LENGTH,
  'RecordId',
);
export type RecordId = t.TypeOf<typeof RecordId>;
