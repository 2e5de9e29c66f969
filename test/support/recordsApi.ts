import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './httpServer.js';

/** A record as the test API serves it. */
export interface ApiRecord {
  id: string;
  updated_at: string;
  name: string;
  deleted?: boolean;
  deleted_at?: string | null;
}

export type PagingStyle = 'cursor' | 'link' | 'page' | 'offset';

const order = (a: ApiRecord, b: ApiRecord): number =>
  a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const token = (r: ApiRecord): string =>
  Buffer.from(JSON.stringify([r.updated_at, r.id])).toString('base64url');
const untoken = (t: string): [string, string] =>
  JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as [string, string];

/** The `[updated_at, id]` of the last record of a page, from the `cursor`/`link` style's next-page token. */
export const decodeToken = untoken;

/**
 * A small paginated API over `records()` (read on every request, so a test can change them):
 * `GET /items`, ordered by (updated_at, id), `updated_since` inclusive, paged in one of four styles:
 * - `cursor`: `?cursor=TOKEN` (keyset), body `{ "data": [...], "meta": { "next": TOKEN | null } }`;
 * - `link`: `?after=TOKEN`, body `[...]`, `Link: <…>; rel="next"`;
 * - `page`: `?page=N&per_page=S`, body `{ "items": [...] }`;
 * - `offset`: `?offset=O&limit=L`, body `{ "results": [...] }`.
 */
export const recordsApi =
  (records: () => readonly ApiRecord[], style: PagingStyle, pageSize: number) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const since = url.searchParams.get('updated_since');
    const all = records()
      .filter((r) => since === null || r.updated_at >= since)
      .sort(order);
    switch (style) {
      case 'cursor':
      case 'link': {
        const after = url.searchParams.get(style === 'cursor' ? 'cursor' : 'after');
        const [u, id] = after === null ? ['', ''] : untoken(after);
        const rest = all.filter((r) => r.updated_at > u || (r.updated_at === u && r.id > id));
        const page = rest.slice(0, pageSize);
        const last = page[page.length - 1];
        const next = rest.length > pageSize && last !== undefined ? token(last) : null;
        if (style === 'cursor') {
          sendJson(res, { data: page, meta: { next } });
        } else {
          const nextUrl = new URL(url);
          if (next !== null) nextUrl.searchParams.set('after', next);
          const headers: Record<string, string> =
            next === null
              ? {}
              : { link: `<${nextUrl.pathname}${nextUrl.search}>; rel="next", </items>; rel="first"` };
          sendJson(res, page, 200, headers);
        }
        return;
      }
      case 'page': {
        const n = Number(url.searchParams.get('page') ?? '1');
        const size = Number(url.searchParams.get('per_page') ?? String(pageSize));
        sendJson(res, { items: all.slice((n - 1) * size, n * size) });
        return;
      }
      case 'offset': {
        const offset = Number(url.searchParams.get('offset') ?? '0');
        const limit = Number(url.searchParams.get('limit') ?? String(pageSize));
        sendJson(res, { results: all.slice(offset, offset + limit) });
        return;
      }
    }
  };

/** `count` records `r0…`, updated one second apart from 2024-01-01T00:00:00Z. */
export const makeRecords = (count: number, prefix = 'r'): ApiRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i).padStart(5, '0')}`,
    updated_at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    name: `record ${i}`,
  }));
