import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { stringify } from 'lossless-json';
import type { DecodeIssue } from '../../errors/DecodeError.js';
import type { Delta } from '../../model/Delta.js';
import { describeValidationErrors } from '../../codecs/describeValidationErrors.js';
import { isJsonObject, JsonValue, type JsonObject } from '../../model/JsonValue.js';
import { RecordId } from '../../model/RecordId.js';
import { rejection, type Rejection } from '../../model/SourceEmission.js';
import { Timestamp } from '../../model/Timestamp.js';
import { pathSegments, readPath, validateAt } from '../dottedPath.js';
import type { HttpResourceConfig } from './HttpSourceConfig.js';

/**
 * A record id in an item: a string id, or an integer, stored as its decimal text with every digit (a
 * 64-bit snowflake id is read as a bigint, never rounded to a double).
 */
const ItemId = new t.Type<RecordId, RecordId, unknown>(
  'ItemId',
  (u): u is RecordId => RecordId.is(u),
  (u, c) =>
    (typeof u === 'number' && Number.isSafeInteger(u)) || typeof u === 'bigint'
      ? t.success(String(u) as RecordId)
      : RecordId.is(u)
        ? t.success(u)
        : t.failure(u, c, 'expected a record id (a string of 1 to 1024 characters, or an integer)'),
  t.identity,
);

const DeletedFlag = new t.Type<boolean, boolean, unknown>(
  'DeletedFlag',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) =>
    u === undefined || u === null
      ? t.success(false)
      : typeof u === 'boolean'
        ? t.success(u)
        : t.failure(u, c, 'expected true, false, null or nothing (the deletion flag)'),
  t.identity,
);

const ItemObject = new t.Type<JsonObject, JsonObject, unknown>(
  'ItemObject',
  (u): u is JsonObject => JsonValue.is(u) && isJsonObject(u),
  (u, c) =>
    JsonValue.is(u) && isJsonObject(u)
      ? t.success(u)
      : t.failure(u, c, 'expected a JSON object (finite numbers, plain values)'),
  t.identity,
);

/** A decoded item: its delta and the change time exactly as the server wrote it (for `since`). */
export interface DecodedHttpItem {
  readonly delta: Delta;
  readonly occurredAtRaw: string;
}

export interface HttpItemDecoder {
  /** An item of a page at `url` (index `i` in the item array) → a delta, or a rejection naming the failing paths. */
  (item: unknown, i: number, url: string): E.Either<Rejection, DecodedHttpItem>;
}

/**
 * Builds the item decoder of one resource: the id, `occurredAt` and deletion flag are read at their
 * configured paths and decoded with io-ts; an upsert's payload is the whole item. Issues are
 * located in the body, e.g. `data[3].updated_at: expected an RFC 3339 timestamp …, got "yesterday"`.
 */
export const httpItemDecoder = (
  source: string,
  resource: HttpResourceConfig,
  confidence: number,
): HttpItemDecoder => {
  const idPath = pathSegments(resource.id);
  const occurredAtPath = pathSegments(resource.occurredAt);
  const deletedPath = pathSegments(resource.deleted?.field);
  const deletedWhenPresent = resource.deleted?.when === 'present';
  const itemsRoot = resource.items ?? '';

  return (item, i, url) => {
    const root = `${itemsRoot}[${i}]`;
    const issues: DecodeIssue[] = [];
    const check = <A>(validation: t.Validation<A>): A | undefined => {
      if (E.isRight(validation)) return validation.right;
      issues.push(...describeValidationErrors(validation.left, root));
      return undefined;
    };
    // Items come from parseJson: lossless-json writes them back as they came, big numbers included.
    const reject = (): E.Either<Rejection, DecodedHttpItem> =>
      E.left(rejection(url, stringify(item) ?? 'null', issues));
    const object = check(ItemObject.validate(item, [{ key: '', type: ItemObject, actual: item }]));
    if (object === undefined) return reject(); // its fields would only repeat that
    const recordId = check(validateAt(ItemId, item, idPath));
    const occurredAt = check(validateAt(Timestamp, item, occurredAtPath));
    let deleted = false;
    if (resource.deleted !== undefined) {
      if (deletedWhenPresent) {
        const value = readPath(item, deletedPath);
        deleted = value !== undefined && value !== null;
      } else {
        deleted = check(validateAt(DeletedFlag, item, deletedPath)) ?? false;
      }
    }
    if (recordId === undefined || occurredAt === undefined || issues.length > 0) return reject();
    const raw = readPath(item, occurredAtPath);
    return E.right({
      delta: {
        resource: resource.name,
        record_id: recordId,
        op: deleted ? 'delete' : 'upsert',
        payload: deleted ? null : object,
        occurred_at: occurredAt,
        provenance: { source, confidence },
      },
      occurredAtRaw: typeof raw === 'string' ? raw : occurredAt,
    });
  };
};
