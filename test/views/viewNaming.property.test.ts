import fc from 'fast-check';
import { columnNameFor } from '../../src/views/columnNameFor.js';
import { SQLITE_KEYWORDS } from '../../src/views/sqliteKeywords.js';

describe('view and column naming, for any field names', () => {
  it('always yields a usable, unique identifier (fuzzed)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 30 }), (fields) => {
        const taken = new Set<string>();
        for (const field of fields) {
          const column = columnNameFor(field, taken);
          expect(column).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect(SQLITE_KEYWORDS.has(column.toUpperCase())).toBe(false);
          expect([...taken].map((c) => c.toLowerCase())).not.toContain(column.toLowerCase());
          taken.add(column);
        }
      }),
    );
  });
});
