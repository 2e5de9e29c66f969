import Database from 'better-sqlite3';
import { verifyMirror } from '../../src/replay/verifyMirror.js';
import { connectionOf } from '../../src/store/connectionOf.js';
import { migrate } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { del, up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { historyChains } from '../support/historyChains.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
const TIME_ORDERED_LOG = 5;

/** A mirror with history of every kind: several transactions, skips, deletes, re-creations, duplicates. */
const writeHistory = async (store: MirrorStore): Promise<void> => {
  await sync(store, {
    crm: [
      up('contacts', 'c1', { name: 'Ada', n: 1 }, { minute: 1 }),
      up('contacts', 'c2', { name: 'Bob' }, { minute: 2 }),
      up('deals', 'd1', { amount: 12345678901234567890n }, { minute: 3 }),
    ],
  });
  await sync(store, {
    crm: [
      up('contacts', 'c1', { name: 'Ada', n: 2 }, { minute: 5 }),
      up('contacts', 'c1', { name: 'stale' }, { minute: 4 }), // older: skipped
      del('contacts', 'c2', { minute: 6 }),
      del('contacts', 'ghost', { minute: 6 }), // never seen: a tombstone of its own
    ],
    billing: [up('contacts', 'c1', { name: 'Ada', n: 2 }, { minute: 5 })], // same change, other source
  });
  await sync(store, {
    crm: [
      up('contacts', 'c2', { name: 'Bob again' }, { minute: 7 }), // re-created after its delete
      up('contacts', 'c2', { name: 'Bob older' }, { minute: 6 }), // skipped against the new record
      up('deals', 'd1', { amount: 1 }, { minute: 2 }), // older: skipped
    ],
  });
};

/** The rows of a table as an earlier schema holds them: only the columns that schema has. */
const copyInto = (from: Database.Database, to: Database.Database, table: string, select: string): void => {
  const columns = (to.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const rows = from.prepare(select).all() as Record<string, unknown>[];
  const insert = to.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  for (const row of rows) insert.run(Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
};

/** The same mirror as an earlier schema version held it: built from the current one's rows. */
const asEarlierSchema = (current: MirrorStore, path: string, version: number): void => {
  const from = connectionOf(current);
  const to = new Database(path);
  migrate(to, MIGRATIONS.slice(0, version));
  const write = to.transaction(() => {
    copyInto(
      from,
      to,
      'mirror_events',
      'SELECT e.*, b.committed_at FROM mirror_events e JOIN mirror_batches b USING (batch) ORDER BY seq',
    );
    for (const table of ['mirror_records', 'mirror_tombstones', 'mirror_cursors', 'mirror_resources']) {
      copyInto(from, to, table, `SELECT * FROM ${table}`);
    }
    if (version >= 2) copyInto(from, to, 'mirror_fields', 'SELECT * FROM mirror_fields');
  });
  write();
  to.close();
};

const rows = (store: MirrorStore, sql: string): unknown[] => connectionOf(store).prepare(sql).all();

describe('migration 5: the time-ordered log, converted in place', () => {
  it.each(Array.from({ length: TIME_ORDERED_LOG - 1 }, (_, i) => i + 1))(
    'converts a mirror kept at schema %i: same events, records and tombstones, chains and batches rebuilt, replay equal',
    async (version) => {
      const original = openStore({ path: tmp.path(`original-${version}.db`) });
      await writeHistory(original);
      const path = tmp.path(`v${version}.db`);
      asEarlierSchema(original, path, version);

      const migrated = openStore({ path });
      expect(migrated.schemaVersion).toBe(MIGRATIONS.length);
      // Every event keeps its seq, columns and commit time; prev_seq and the heads are what the writer wrote.
      for (const sql of [
        'SELECT e.*, b.committed_at FROM mirror_events e JOIN mirror_batches b USING (batch) ORDER BY seq',
        'SELECT * FROM mirror_records ORDER BY resource, record_id',
        'SELECT * FROM mirror_tombstones ORDER BY resource, record_id',
        'SELECT * FROM mirror_cursors ORDER BY source, resource',
      ]) {
        const withoutBatch = (r: unknown): unknown => ({ ...(r as object), batch: undefined });
        expect(rows(migrated, sql).map(withoutBatch)).toEqual(rows(original, sql).map(withoutBatch));
      }
      // One batch per original transaction: the events of one commit time share one.
      expect(rows(migrated, 'SELECT count(*) AS n FROM mirror_batches')).toEqual(
        rows(original, 'SELECT count(DISTINCT committed_at) AS n FROM mirror_batches'),
      );
      expect(historyChains(migrated)).toEqual(historyChains(original));
      const verification = await verifyMirror(migrated);
      expect(verification).toMatchObject({ ok: true, differences: [], diverged: null });
      expect(verification.events).toBe(10);

      // The converted log still recognises its deltas: the same history again changes nothing.
      await writeHistory(migrated);
      expect(rows(migrated, 'SELECT count(*) AS n FROM mirror_events')).toEqual([{ n: 10 }]);
      // The old per-record index is gone; the dedupe index is the time-ordered one.
      expect(
        rows(migrated, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mirror_events'"),
      ).toEqual([{ name: 'mirror_events_by_delta' }]);
      migrated.close();
      original.close();
    },
  );

  it('links every event of a record into its history, newest first from the head', async () => {
    const store = openStore({ path: tmp.path('chains.db') });
    await writeHistory(store);
    const chains = historyChains(store);
    expect(chains).toEqual({
      // c1: two applied upserts and a skip; the billing copy was a duplicate, never logged.
      'contacts/c1': rows(
        store,
        "SELECT seq FROM mirror_events WHERE record_id = 'c1' ORDER BY seq DESC",
      ).map((r) => (r as { seq: number }).seq),
      'contacts/c2': rows(
        store,
        "SELECT seq FROM mirror_events WHERE record_id = 'c2' ORDER BY seq DESC",
      ).map((r) => (r as { seq: number }).seq),
      'contacts/ghost': rows(
        store,
        "SELECT seq FROM mirror_events WHERE record_id = 'ghost' ORDER BY seq DESC",
      ).map((r) => (r as { seq: number }).seq),
      'deals/d1': rows(store, "SELECT seq FROM mirror_events WHERE record_id = 'd1' ORDER BY seq DESC").map(
        (r) => (r as { seq: number }).seq,
      ),
    });
    expect(chains['contacts/c1']).toHaveLength(3);
    expect(chains['contacts/c2']).toHaveLength(4);
    store.close();
  });
});
