import { SQLITE_KEYWORDS } from './sqliteKeywords.js';

const MAX_IDENTIFIER_LENGTH = 63;

/**
 * A name an agent can type without quotes: ASCII letters, digits and `_`, not starting with a
 * digit, not a SQL keyword nor `__proto__`, at most 63 characters. Other characters become `_` (runs
 * folded; dropped at either end), and a leading digit, keyword or `__proto__` gets `prefix` in front.
 * Never empty.
 */
export const safeIdentifier = (name: string, prefix: string): string => {
  let safe = name
    .normalize('NFKD')
    .replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .slice(0, MAX_IDENTIFIER_LENGTH);
  // `__proto__` is a fine SQL name, but not a key of the row objects JavaScript clients read it into.
  if (safe === '' || /^[0-9]/.test(safe) || SQLITE_KEYWORDS.has(safe.toUpperCase()) || safe === '__proto__')
    safe = `${prefix}${safe}`;
  return safe;
};

/** `name`, or `name_2`, `name_3`… : the first one `taken` does not hold (compared case-insensitively, as SQLite does). */
export const uniqueIdentifier = (name: string, taken: ReadonlySet<string>): string => {
  const lower = (s: string): string => s.toLowerCase();
  const used = new Set([...taken].map(lower));
  if (!used.has(lower(name))) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name}_${n}`;
    if (!used.has(lower(candidate))) return candidate;
  }
};

/** Quotes an identifier for SQL: always safe, whatever it contains. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Quotes a string literal for SQL. */
export const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;
