import Database from 'better-sqlite3';
import { LosslessNumber } from 'lossless-json';
import { migrate } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
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

describe('view columns of numbers SQLite cannot hold exactly (issue 10.3)', () => {
  const BIG = 12345678901234567890n; // beyond 64 bits
  const SNOWFLAKE = 1234567890123456789n; // within 64 bits, beyond 2^53
  const typed = (sql: string) => all(sql) as Record<string, unknown>[];
  const losslessFields = () =>
    all('SELECT field FROM mirror_fields WHERE lossless_numbers = 1 ORDER BY field').map(
      (r) => (r as { field: string }).field,
    );

  it('reads 64-bit integers as exact INTEGERs and keeps other columns on plain json_extract', async () => {
    await sync(store, { s: [up('pets', '1', { id: SNOWFLAKE, min: -(2n ** 63n), n: 5n, x: 0.5 })] });
    const reader = connectionOf(store)
      .prepare('SELECT id, min, n, x, typeof(id) AS t FROM pets')
      .safeIntegers(true);
    expect(reader.get()).toEqual({ id: SNOWFLAKE, min: -(2n ** 63n), n: 5n, x: 0.5, t: 'integer' });
    expect(losslessFields()).toEqual([]);
    const sql = all("SELECT sql FROM sqlite_schema WHERE name = 'pets'") as { sql: string }[];
    expect(sql[0]?.sql).not.toContain('CASE'); // ordinary fields: json_extract alone
  });

  it('reads a number beyond 64 bits or a double as TEXT with its digits, the other rows of that column as before', async () => {
    await sync(store, {
      s: [
        up('pets', '1', { id: 7, pi: 0.5, big: 1e300 }, { minute: 1 }),
        up(
          'pets',
          '2',
          { id: BIG, pi: new LosslessNumber('3.14159265358979323846'), big: new LosslessNumber('1e400') },
          { minute: 2 },
        ),
        up(
          'pets',
          '3',
          { id: SNOWFLAKE, pi: 0.30000000000000004, big: new LosslessNumber('-1e-400'), name: 'Rex' },
          { minute: 3 },
        ),
      ],
    });
    expect(losslessFields()).toEqual(['big', 'id', 'pi']);
    expect(
      typed(
        'SELECT record_id, id, typeof(id) AS ti, pi, typeof(pi) AS tp, big, typeof(big) AS tb FROM pets ORDER BY record_id',
      ),
    ).toEqual([
      { record_id: '1', id: 7, ti: 'integer', pi: 0.5, tp: 'real', big: 1e300, tb: 'real' },
      {
        record_id: '2',
        id: String(BIG),
        ti: 'text',
        pi: '3.14159265358979323846',
        tp: 'text',
        big: '1e+400',
        tb: 'text',
      },
      // 17 significant digits: a double keeps this one, but only 15 are sure, so TEXT (still exact).
      {
        record_id: '3',
        id: Number(SNOWFLAKE),
        ti: 'integer',
        pi: '0.30000000000000004',
        tp: 'text',
        big: '-1e-400',
        tb: 'text',
      },
    ]);
    expect(
      typed("SELECT record_id FROM pets WHERE id = '12345678901234567890' OR pi < 1 ORDER BY 1"),
    ).toEqual([{ record_id: '1' }, { record_id: '2' }]);
  });

  it('marks a field the first time it holds such a number, in a later batch, and keeps its view in step', async () => {
    await sync(store, { s: [up('pets', '1', { id: 1 }, { minute: 1 })] });
    expect(losslessFields()).toEqual([]);
    await sync(store, { s: [up('pets', '2', { id: BIG }, { minute: 2 })] });
    expect(losslessFields()).toEqual(['id']);
    expect(typed('SELECT record_id, id FROM pets ORDER BY 1')).toEqual([
      { record_id: '1', id: 1 },
      { record_id: '2', id: String(BIG) },
    ]);
  });

  it('leaves no mark when its batch rolls back, and marks the field with the next run', async () => {
    await sync(store, { s: [up('pets', '1', { n: 1 }, { minute: 1 })] });
    // The batch that marks `n` fails after marking it (its next record cannot be stored), and rolls back whole.
    connectionOf(store).exec(
      "CREATE TRIGGER fail BEFORE INSERT ON mirror_records WHEN NEW.record_id = '3' BEGIN SELECT RAISE(ABORT, 'injected'); END",
    );
    const big = up('pets', '2', { n: new LosslessNumber('1e400') }, { minute: 2 });
    await expect(
      sync(store, { s: [big, up('pets', '3', { n: 3 }, { minute: 3 })] }, { onRefusal: 'fail' }),
    ).rejects.toThrow(/injected/);
    connectionOf(store).exec('DROP TRIGGER fail');
    expect(losslessFields()).toEqual([]);
    await sync(store, { s: [big] });
    expect(losslessFields()).toEqual(['n']);
    expect(typed('SELECT record_id, n FROM pets ORDER BY 1')).toEqual([
      { record_id: '1', n: 1 },
      { record_id: '2', n: '1e+400' },
    ]);
  });

  it.each([1, 2])(
    'migrates a database at schema %i: its fields unmarked, marked once a big number arrives',
    async (version) => {
      store.close();
      const path = tmp.path(`v${version}.db`);
      const db = new Database(path);
      migrate(db, MIGRATIONS.slice(0, version));
      db.exec(`INSERT INTO mirror_records VALUES ('pets', '1', '{"id":1,"name":"Rex"}', 'src', 'x', 1, 1, 'x', 'k1');
             INSERT INTO mirror_resources (resource, first_seen_at) VALUES ('pets', 'x')`);
      if (version === 2) {
        db.exec(`UPDATE mirror_resources SET view_name = 'pets';
               INSERT INTO mirror_fields VALUES ('pets', 'id', 'id', 0, 'x'), ('pets', 'name', 'name', 1, 'x');
               CREATE VIEW pets AS SELECT record_id, json_extract(payload, '$."id"') AS id, json_extract(payload, '$."name"') AS name, source AS _source, confidence AS _confidence, version AS _version, last_synced_at AS _synced_at FROM mirror_records WHERE resource = 'pets'`);
      }
      db.close();
      store = openStore({ path });
      expect(store.schemaVersion).toBe(MIGRATIONS.length);
      await sync(store, { s: [] }); // a writer's first run makes a schema-1 database's views
      expect(all('SELECT field, lossless_numbers FROM mirror_fields ORDER BY field')).toEqual([
        { field: 'id', lossless_numbers: 0 },
        { field: 'name', lossless_numbers: 0 },
      ]);
      expect(all('SELECT record_id, id, name FROM pets')).toEqual([{ record_id: '1', id: 1, name: 'Rex' }]);
      await sync(store, { s: [up('pets', '2', { id: BIG, name: 'Tom' })] });
      expect(losslessFields()).toEqual(['id']);
      expect(all('SELECT record_id, id FROM pets ORDER BY 1')).toEqual([
        { record_id: '1', id: 1 },
        { record_id: '2', id: String(BIG) },
      ]);
    },
  );
});
