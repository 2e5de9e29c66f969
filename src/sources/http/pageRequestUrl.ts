import type { HttpCursor } from './HttpCursor.js';
import type { HttpResourceConfig } from './HttpSourceConfig.js';

export const DEFAULT_CURSOR_PARAM = 'cursor';
export const DEFAULT_PAGE_PARAM = 'page';
export const DEFAULT_PAGE_SIZE_PARAM = 'per_page';
export const DEFAULT_FIRST_PAGE = 1;
export const DEFAULT_OFFSET_PARAM = 'offset';
export const DEFAULT_LIMIT_PARAM = 'limit';

/**
 * The URL of the page a cursor points at: the resource URL with its fixed query, the `since`
 * parameter of the current scan, and the paging parameters. With `link` paging, mid-scan, the
 * stored next URL as the server gave it.
 */
export const pageRequestUrl = (base: URL, resource: HttpResourceConfig, cursor: HttpCursor): string => {
  const { paging } = resource;
  if (paging?.type === 'link' && typeof cursor.next === 'string') return cursor.next;
  const url = new URL(base);
  for (const [name, value] of Object.entries(resource.query ?? {})) url.searchParams.set(name, value);
  if (resource.since !== undefined && cursor.since !== undefined) {
    url.searchParams.set(resource.since.param, cursor.since);
  }
  switch (paging?.type) {
    case 'cursor':
      if (cursor.next !== undefined)
        url.searchParams.set(paging.param ?? DEFAULT_CURSOR_PARAM, String(cursor.next));
      break;
    case 'page':
      url.searchParams.set(
        paging.param ?? DEFAULT_PAGE_PARAM,
        String(cursor.next ?? paging.start ?? DEFAULT_FIRST_PAGE),
      );
      if (paging.size !== undefined)
        url.searchParams.set(paging.sizeParam ?? DEFAULT_PAGE_SIZE_PARAM, String(paging.size));
      break;
    case 'offset':
      url.searchParams.set(paging.param ?? DEFAULT_OFFSET_PARAM, String(cursor.next ?? 0));
      url.searchParams.set(paging.limitParam ?? DEFAULT_LIMIT_PARAM, String(paging.limit));
      break;
    case 'link':
    case undefined:
      break;
  }
  return url.href;
};
