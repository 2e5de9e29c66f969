import * as E from 'fp-ts/lib/Either.js';
import { stringify } from 'lossless-json';
import type { DecodeIssue } from '../../errors/DecodeError.js';
import type { Delta } from '../../model/Delta.js';
import { JsonValue, isJsonObject } from '../../model/JsonValue.js';
import { RecordId } from '../../model/RecordId.js';
import { rejection, type Rejection } from '../../model/SourceEmission.js';
import { Timestamp } from '../../model/Timestamp.js';
import { describeValidationErrors } from '../../codecs/describeValidationErrors.js';
import { pathSegments, readPath } from '../dottedPath.js';
import { CouchChange } from './CouchChangesFeed.js';

/** What turns a change into a delta: the source's settings and this response's facts. */
export interface CouchChangeContext {
  readonly source: string;
  readonly resource: string;
  readonly confidence: number;
  /** Dotted path of the document field holding `occurred_at`; else `observedAt` is used. */
  readonly occurredAtField: string | undefined;
  /** When the response was received: the `occurred_at` of deletions, and of upserts without a field. */
  readonly observedAt: Timestamp;
  /** The request URL: the location of rejections. */
  readonly location: string;
}

const DESIGN_PREFIX = '_design/';

/**
 * One row of a `_changes` response as a delta: `deleted: true` is a delete, anything else an upsert
 * of the document without `_id` and `_rev` (record id = `_id`). Design documents (`_design/…`) are
 * skipped (`undefined`). A row that does not decode, or whose `occurredAtField` is missing or not
 * RFC 3339, is a rejection at the request URL naming the path, e.g. `results[3].doc.updated_at`.
 */
export const couchChangeToEmission = (
  raw: unknown,
  index: number,
  context: CouchChangeContext,
): Delta | Rejection | undefined => {
  const root = `results[${index}]`;
  // The row as it came: lossless-json writes its big numbers back with their digits.
  const reject = (issues: readonly DecodeIssue[]): Rejection =>
    rejection(context.location, stringify(raw) ?? 'null', issues);
  const decoded = CouchChange.decode(raw);
  if (E.isLeft(decoded)) return reject(describeValidationErrors(decoded.left, root));
  const change = decoded.right;
  if (change.id.startsWith(DESIGN_PREFIX)) return undefined;

  const issues: DecodeIssue[] = [];
  const recordId = RecordId.decode(change.id);
  if (E.isLeft(recordId)) issues.push(...describeValidationErrors(recordId.left, `${root}.id`));
  const provenance = { source: context.source, confidence: context.confidence };

  if (change.deleted === true) {
    if (E.isLeft(recordId)) return reject(issues);
    return {
      resource: context.resource,
      record_id: recordId.right,
      op: 'delete',
      payload: null,
      occurred_at: context.observedAt,
      provenance,
    };
  }

  const doc = JsonValue.decode(change.doc);
  if (E.isLeft(doc) || !isJsonObject(doc.right)) {
    issues.push({
      path: `${root}.doc`,
      reason:
        change.doc === undefined || change.doc === null
          ? 'missing (expected the document: the feed is read with include_docs=true)'
          : 'expected the document as a JSON object',
    });
    return reject(issues);
  }
  const { _id: _ignoredId, _rev: _ignoredRev, ...payload } = doc.right;

  let occurredAt = context.observedAt;
  if (context.occurredAtField !== undefined) {
    const path = `${root}.doc.${context.occurredAtField}`;
    const field = Timestamp.decode(readPath(doc.right, pathSegments(context.occurredAtField)));
    if (E.isLeft(field)) issues.push(...describeValidationErrors(field.left, path));
    else occurredAt = field.right;
  }
  if (issues.length > 0 || E.isLeft(recordId)) return reject(issues);
  return {
    resource: context.resource,
    record_id: recordId.right,
    op: 'upsert',
    payload,
    occurred_at: occurredAt,
    provenance,
  };
};
