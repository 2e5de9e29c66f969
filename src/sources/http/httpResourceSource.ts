import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { causeMessage } from '../../errors/describeCause.js';
import { HttpSourceError, type HttpFailureKind } from '../../errors/HttpSourceError.js';
import { SourceProtocolError } from '../../errors/SourceProtocolError.js';
import type { Delta } from '../../model/Delta.js';
import { describeValidationErrors } from '../../codecs/describeValidationErrors.js';
import { parseJson } from '../../model/parseJson.js';
import type { Rejection } from '../../model/SourceEmission.js';
import { parseTimestamp } from '../../model/Timestamp.js';
import type { SyncSource } from '../SyncSource.js';
import type { HttpClient } from './createHttpClient.js';
import { httpItemDecoder } from './decodeHttpItem.js';
import { pathSegments, validateAt } from './dottedPath.js';
import { decodeHttpCursor, encodeHttpCursor, type HttpCursor } from './HttpCursor.js';
import { resourceUrl, type HttpResourceConfig, type HttpSourceConfig } from './HttpSourceConfig.js';
import { nextPagePosition } from './nextPagePosition.js';
import { pageRequestUrl } from './pageRequestUrl.js';

const ItemArray = new t.Type<readonly unknown[], readonly unknown[], unknown>(
  'ItemArray',
  (u): u is readonly unknown[] => Array.isArray(u),
  (u, c) => (Array.isArray(u) ? t.success(u) : t.failure(u, c, 'expected an array of items')),
  t.identity,
);

/**
 * One resource of an HTTP source as a {@link SyncSource}: each pull GETs one page, decodes its
 * items (an item that does not decode becomes a rejection located by the URL, the rest go on),
 * and returns the cursor of the next page, or, at the end of a scan, the cursor of the next scan
 * (`since` = the largest `occurredAt` seen). A body that is not JSON or not the configured shape
 * fails the pull with an {@link HttpSourceError}: nothing of that page is emitted.
 */
export const httpResourceSource = (
  config: HttpSourceConfig,
  resource: HttpResourceConfig,
  client: HttpClient,
): SyncSource => {
  const base = resourceUrl(config, resource);
  const decodeItem = httpItemDecoder(config.id, resource, resource.confidence ?? config.confidence ?? 1);
  const itemsPath = pathSegments(resource.items);
  return {
    resource: resource.name,
    pull: async (stored, { signal, logger }) => {
      const cursor = decodeHttpCursor(stored, config.id, resource.name);
      const url = pageRequestUrl(base, resource, cursor);
      const response = await client.getText(url, {
        source: config.id,
        resource: resource.name,
        signal,
        logger,
      });
      const fail = (kind: HttpFailureKind, reason: string, cause?: unknown): HttpSourceError =>
        new HttpSourceError(config.id, resource.name, url, kind, response.status, response.attempts, reason, {
          cause,
        });

      let body: unknown;
      try {
        body = parseJson(response.text); // numbers keep every digit: 64-bit ids, next tokens, amounts
      } catch (cause) {
        throw fail('body', `the response body is not JSON (${causeMessage(cause)})`, cause);
      }
      const items = validateAt(ItemArray, body, itemsPath);
      if (E.isLeft(items)) {
        const issues = describeValidationErrors(items.left);
        throw fail(
          'envelope',
          `unexpected response shape: ${issues.map((i) => (i.path === '' ? i.reason : `${i.path}: ${i.reason}`)).join('; ')}`,
        );
      }

      const emissions: (Delta | Rejection)[] = [];
      // The largest occurred_at of the scan, compared in canonical form, kept as the server wrote it.
      let latest = cursor.latest;
      let latestAt = latest === undefined ? undefined : parseTimestamp(latest);
      items.right.forEach((item, i) => {
        const decoded = decodeItem(item, i, url);
        if (E.isLeft(decoded)) {
          emissions.push(decoded.left);
          return;
        }
        const { delta, occurredAtRaw } = decoded.right;
        emissions.push(delta);
        if (latestAt === undefined || delta.occurred_at > latestAt) {
          latestAt = delta.occurred_at;
          latest = occurredAtRaw;
        }
      });

      const next = nextPagePosition(resource, cursor, {
        body,
        headers: response.headers,
        url,
        itemCount: items.right.length,
      });
      if (E.isLeft(next)) throw fail(next.left.kind, next.left.reason);
      if (next.right !== undefined && next.right === cursor.next) {
        throw new SourceProtocolError(
          config.id,
          resource.name,
          stored,
          `the server gave the same next page (${String(next.right)}) again; refusing to loop`,
        );
      }
      const following: HttpCursor =
        next.right === undefined
          ? { since: latest ?? cursor.since }
          : { since: cursor.since, latest, next: next.right };
      return { emissions, cursor: encodeHttpCursor(following), hasMore: next.right !== undefined };
    },
  };
};
