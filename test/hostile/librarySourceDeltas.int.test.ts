import Database from 'better-sqlite3';
import { from } from 'rxjs';
import type { Delta } from '../../src/model/Delta.js';
import type { JsonValue } from '../../src/model/JsonValue.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import { up } from '../support/deltas.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir('oxide-mirror-hostile-');

const deep = (levels: number): JsonValue => {
  let value: JsonValue = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

/** Deltas built in code, typed as `Delta` (as a careless source would), bypassing any decoder. */
const forged = (over: Record<string, unknown>, id: string): Delta => ({
  ...up('pets', id, { name: id }, { source: 'shop' }),
  ...over,
});

describe('deltas a library source builds in code are checked like decoded ones', () => {
  it('each bad one becomes a rejection naming its path, the good ones around it are committed, and the run succeeds', async () => {
    const bad: readonly [Delta, string, RegExp][] = [
      [forged({ payload: { nested: deep(10_000) } }, 'deep'), 'payload', /nested more than 512 levels deep/],
      [forged({ record_id: 'a\ud800b' }, 'lone'), 'record_id', /lone surrogate U\+D800/],
      [
        forged({ provenance: { source: 'shop', confidence: Number.NaN } }, 'nan'),
        'provenance.confidence',
        /finite number/,
      ],
      [forged({ occurred_at: '10000-01-01T00:00:00Z' }, 'far'), 'occurred_at', /RFC 3339 timestamp/],
      [forged({ payload: [1, 2] }, 'array'), 'payload', /expected a JSON object for an upsert/],
      [forged({ record_id: '' }, 'empty'), 'record_id', /1 to 1024 characters/],
    ];
    const good = Array.from({ length: 20 }, (_, i) => up('pets', `ok-${i}`, { n: i }, { source: 'shop' }));
    const path = tmp.path('m.db');
    const store = openStore({ path });
    try {
      const report = await createMirror({
        store,
        sources: { shop: from([...good.slice(0, 10), ...bad.map(([d]) => d), ...good.slice(10)]) },
      }).run();
      expect(report.total).toMatchObject({ applied: 20, rejected: bad.length });
    } finally {
      store.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM pets').pluck().get()).toBe(20);
      const rejects = db.prepare('SELECT location, input, issues FROM mirror_rejects ORDER BY id').all() as {
        location: string;
        input: string;
        issues: string;
      }[];
      expect(rejects).toHaveLength(bad.length);
      bad.forEach(([, path, reason], i) => {
        const issues = JSON.parse(rejects[i]?.issues ?? '[]') as { path: string; reason: string }[];
        expect(issues).toEqual(expect.arrayContaining([{ path, reason: expect.stringMatching(reason) }]));
      });
      expect(rejects[0]?.location).toBe('delta pets/deep');
      expect(rejects[0]?.input).toMatch(/^\(a delta that JSON cannot write: |"record_id":"deep"/); // JSON.stringify may run out of stack
      expect(rejects[1]?.location).toBe('delta pets/a\ufffdb'); // stored as well-formed text
      expect(rejects[1]?.input).toContain('"record_id":"a\\ud800b"');
    } finally {
      db.close();
    }
  });
});
