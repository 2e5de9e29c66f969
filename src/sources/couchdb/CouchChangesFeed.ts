import * as t from 'io-ts';

/**
 * A sequence: an opaque string in CouchDB 2+ and Cloudant, a number in CouchDB 1 and PouchDB (a bigint
 * beyond 2^53, as the lossless parse reads it).
 */
export const CouchSeq = t.union([t.string, t.number, t.bigint], 'CouchSeq');
export type CouchSeq = t.TypeOf<typeof CouchSeq>;

/** The body of a `_changes` response (`feed=normal`). Its results are decoded one by one. */
export const CouchChangesFeed = t.intersection(
  [
    t.type({ results: t.array(t.unknown), last_seq: CouchSeq }),
    t.partial({ pending: t.union([t.number, t.bigint]) }),
  ],
  'CouchChangesFeed',
);
export type CouchChangesFeed = t.TypeOf<typeof CouchChangesFeed>;

/** One row of `results` (with `include_docs=true`, the document is in `doc`). */
export const CouchChange = t.intersection(
  [t.type({ id: t.string, seq: CouchSeq }), t.partial({ deleted: t.boolean, doc: t.unknown })],
  'CouchChange',
);
export type CouchChange = t.TypeOf<typeof CouchChange>;

/** A sequence as a cursor: stored as text, sent back exactly as the server gave it. */
export const seqToCursor = (seq: CouchSeq): string => (typeof seq === 'string' ? seq : String(seq));
