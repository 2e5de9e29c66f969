/**
 * `url`, resolved against `base` when relative, as a URL if it is one of http or https; undefined for
 * anything else (not a string, not a URL, another scheme), so a config check can say what it expected.
 */
export const httpUrl = (url: unknown, base?: string): URL | undefined => {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
};
