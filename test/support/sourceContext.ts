import type { SourceContext } from '../../src/sources/MirrorSource.js';

/**
 * The context a mirror would hand a resumable source, for subscribing to one outside a mirror:
 * `stored` holds its cursors by resource.
 */
export const sourceContext = (stored: Readonly<Record<string, string>> = {}, id = 'test'): SourceContext => ({
  id,
  readCursor: (resource) => stored[resource],
  logger: undefined,
});
