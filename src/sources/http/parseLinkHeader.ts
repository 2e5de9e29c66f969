/**
 * The `rel="next"` target of an RFC 8288 `Link` header, resolved against the request URL:
 * `<https://api.example.com/items?page=3>; rel="next", <…>; rel="last"`. Undefined when none.
 */
export const nextLink = (header: string | null, requestUrl: string): string | undefined => {
  if (header === null) return undefined;
  // Each link is `<target>` followed by `; name=value` parameters; a target may contain commas.
  const link = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (let m = link.exec(header); m !== null; m = link.exec(header)) {
    const [, target = '', params = ''] = m;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) {
      try {
        return new URL(target, requestUrl).href;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
};
