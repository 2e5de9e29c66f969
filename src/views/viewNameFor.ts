import { safeIdentifier, uniqueIdentifier } from './safeIdentifier.js';
import { RESERVED_NAME_PREFIXES, VIEW_PREFIX } from './viewColumns.js';

/**
 * The view name of a resource: its name made a safe identifier; `r_` in front when it would be a
 * keyword, start with a digit, or collide with our `mirror_*` tables or SQLite's `sqlite_*`; `_2`,
 * `_3`… when another resource already has it (`taken`: names of existing views).
 */
export const viewNameFor = (resource: string, taken: ReadonlySet<string>): string => {
  let name = safeIdentifier(resource, VIEW_PREFIX);
  if (RESERVED_NAME_PREFIXES.some((p) => name.toLowerCase().startsWith(p))) name = `${VIEW_PREFIX}${name}`;
  return uniqueIdentifier(name, taken);
};
