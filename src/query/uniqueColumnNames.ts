/**
 * Makes result column names unique, so that no value is lost when rows become objects (`SELECT *` over a
 * join easily repeats `id`): the first occurrence keeps its name, later ones get `_2`, `_3`… appended,
 * skipping any suffix that is itself a column name.
 */
export const uniqueColumnNames = (names: readonly string[]): string[] => {
  const original = new Set(names);
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate) || (candidate !== name && original.has(candidate)); n += 1) {
      candidate = `${name}_${n}`;
    }
    used.add(candidate);
    return candidate;
  });
};
