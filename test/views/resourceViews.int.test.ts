import { highestConfidence } from '../../src/strategies/highestConfidence.js';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { del, up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const tmp = useTempDir();
let store: MirrorStore;
beforeEach(() => {
  store = openStore({ path: tmp.path('m.db') });
});
afterEach(() => store.close());

const all = (sql: string, ...params: unknown[]) =>
  connectionOf(store)
    .prepare(sql)
    .all(...params);

describe('one view per resource', () => {
  it('answers SELECT * FROM pets WHERE status = ... with a column per payload field and the meta columns', async () => {
    await sync(store, {
      shop: [
        up('pets', '1', { name: 'Rex', status: 'sold' }, { source: 'shop' }),
        up('pets', '2', { name: 'Tom', status: 'available' }),
      ],
    });
    expect(all("SELECT * FROM pets WHERE status = 'sold'")).toEqual([
      {
        record_id: '1',
        name: 'Rex',
        status: 'sold',
        _source: 'shop',
        _confidence: 1,
        _version: 1,
        _synced_at: expect.any(String),
      },
    ]);
  });

  it('gains a column when a new field appears, in a later batch or run', async () => {
    await sync(store, { s: [up('pets', '1', { name: 'Rex' }, { minute: 1 })] });
    await sync(store, { s: [up('pets', '2', { name: 'Tom', owner: { id: 'o1' } }, { minute: 2 })] });
    const columns = all("SELECT name FROM pragma_table_info('pets')").map(
      (r) => (r as { name: string }).name,
    );
    expect(columns).toEqual([
      'record_id',
      'name',
      'owner',
      '_source',
      '_confidence',
      '_version',
      '_synced_at',
    ]);
    expect(
      all("SELECT record_id, json_extract(owner, '$.id') AS owner_id FROM pets ORDER BY record_id"),
    ).toEqual([
      { record_id: '1', owner_id: null },
      { record_id: '2', owner_id: 'o1' },
    ]);
  });

  it('names views and columns safely: keywords, internal names and clashes', async () => {
    await sync(store, {
      s: [
        up('order', '1', { select: 1, record_id: 'dup', 'first name': 'Ada' }),
        up('mirror_records', '1', { a: 1 }),
        del('gone', '1'),
      ],
    });
    expect(all('SELECT * FROM r_order')).toEqual([
      expect.objectContaining({ record_id: '1', f_select: 1, record_id_2: 'dup', first_name: 'Ada' }),
    ]);
    expect(all('SELECT record_id, a FROM r_mirror_records')).toEqual([{ record_id: '1', a: 1 }]);
    expect(all('SELECT * FROM gone')).toEqual([]); // a view exists even for a resource with no live record
    expect(all('SELECT count(*) AS n FROM mirror_records')).toEqual([{ n: 2 }]); // our table is untouched
  });

  it('keeps its view in step with a merged or skipped change', async () => {
    await sync(
      store,
      { s: [up('pets', '1', { a: 1 }, { confidence: 0.9, minute: 1 })] },
      { strategy: highestConfidence },
    );
    await sync(
      store,
      { s: [up('pets', '1', { b: 2 }, { confidence: 0.1, minute: 2 })] },
      { strategy: highestConfidence },
    );
    const columns = all("SELECT name FROM pragma_table_info('pets')").map(
      (r) => (r as { name: string }).name,
    );
    expect(columns).not.toContain('b'); // the skipped delta's field never reached a record
  });

  it('looks a record up through its view by the primary key, not a scan', async () => {
    await sync(store, { s: [up('pets', '1', { name: 'Rex' })] });
    const plan = all("EXPLAIN QUERY PLAN SELECT * FROM pets WHERE record_id = '1'").map(
      (r) => (r as { detail: string }).detail,
    );
    expect(plan.join('\n')).toMatch(
      /SEARCH mirror_records USING PRIMARY KEY \(resource=\? AND record_id=\?\)/,
    );
  });

  it('gives a database migrated from schema 1 its views on open', async () => {
    await sync(store, { s: [up('pets', '1', { name: 'Rex' })] });
    connectionOf(store).exec(
      'DROP VIEW pets; DELETE FROM mirror_fields; UPDATE mirror_resources SET view_name = NULL',
    );
    store.close();
    store = openStore({ path: tmp.path('m.db') });
    await sync(store, { s: [] });
    expect(all('SELECT record_id, name FROM pets')).toEqual([{ record_id: '1', name: 'Rex' }]);
  });
});
