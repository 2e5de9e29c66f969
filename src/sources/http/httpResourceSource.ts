import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { SourceProtocolError } from '../../errors/SourceProtocolError.js';
import type { Delta } from '../../model/Delta.js';
import type { Rejection } from '../../model/SourceEmission.js';
import { parseTimestamp } from '../../model/Timestamp.js';
import { pathSegments, validateAt } from '../dottedPath.js';
import { formatIssues } from '../../errors/DecodeError.js';
import type { SyncSource } from '../SyncSource.js';
import type { HttpTransport } from '../transport/HttpTransport.js';
import { httpItemDecoder } from './decodeHttpItem.js';
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
 * fails the pull with an `HttpSourceError`: nothing of that page is emitted.
 */
export const httpResourceSource = (
  config: HttpSourceConfig,
  resource: HttpResourceConfig,
  transport: HttpTransport,
): SyncSource => {
  const base = resourceUrl(config, resource);
  const decodeItem = httpItemDecoder(config.id, resource, resource.confidence ?? config.confidence ?? 1);
  const itemsPath = pathSegments(resource.items);
  return {
    resource: resource.name,
    pull: async (stored, { signal, logger }) => {
      const cursor = decodeHttpCursor(stored, config.id, resource.name);
      const url = pageRequestUrl(base, resource, cursor);
      const context = { source: config.id, resource: resource.name, signal, logger };
      const response = await transport.getJson(url, context);
      const { body } = response;
      const items = validateAt(ItemArray, body, itemsPath);
      if (E.isLeft(items)) {
        const issues = formatIssues(transport.mask.issues(items.left));
        throw transport.responseError(response, context, 'envelope', `unexpected response shape: ${issues}`);
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
      if (E.isLeft(next)) {
        const problem = next.left;
        const reason =
          problem.kind === 'link' ? problem.reason : formatIssues(transport.mask.issues(problem.errors));
        throw transport.responseError(response, context, problem.kind, reason);
      }
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
