/**
 * Whether one of a stream's subject filters takes every subject under `prefix` (`<prefix>.>`): a
 * filter token matches the prefix's token at its place or is `*`, and the filter ends with `>` at or
 * before the place after the prefix (`>`, `mirror.>`, `*.crm.>` cover `mirror.crm.>`; `mirror.crm.*`
 * does not: it misses `mirror.crm.a.b`, and no list of literal subjects covers every resource).
 */
export const subjectsCover = (filters: readonly string[], prefix: string): boolean => {
  const wanted = prefix.split('.');
  return filters.some((filter) => {
    const tokens = filter.split('.');
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token === '>') return i === tokens.length - 1 && i <= wanted.length;
      if (i >= wanted.length) return false;
      if (token !== '*' && token !== wanted[i]) return false;
    }
    return false;
  });
};
