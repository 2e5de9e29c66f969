import Database from 'better-sqlite3';
import { connectionOf } from '../../src/store/connectionOf.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { prepareReadPublishCursor } from '../../src/store/statements/readPublishCursor.js';
import { prepareWritePublishCursor } from '../../src/store/statements/writePublishCursor.js';
import { del, up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
const PUBLISH_CURSORS = 6;

const TABLES_BEFORE = [
  'mirror_events',
  'mirror_batches',
  'mirror_records',
  'mirror_tombstones',
  'mirror_cursors',
  'mirror_resources',
  'mirror_fields',
  'mirror_rejects',
];

const contents = (db: Database.Database) =>
  Object.fromEntries(TABLES_BEFORE.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));

/** A mirror with history, as schema 5 held it: schema 6 only adds the publish cursors table. */
const atSchema5 = async (path: string): Promise<void> => {
  const store: MirrorStore = openStore({ path });
  await sync(store, {
    crm: [
      up('contacts', 'c1', { name: 'Ada' }, { minute: 1 }),
      up('contacts', 'c1', { name: 'old' }, { minute: 0 }),
      del('contacts', 'c2', { minute: 2 }),
    ],
  });
  store.close();
  const db = new Database(path);
  db.exec(
    `DROP TABLE mirror_publish_cursors; DELETE FROM mirror_schema_migrations WHERE version >= ${PUBLISH_CURSORS}`,
  );
  db.close();
};

describe('migration 6: publish cursors', () => {
  it('adds an empty mirror_publish_cursors to a schema-5 mirror, leaving every other table as it was', async () => {
    const path = tmp.path('v5.db');
    await atSchema5(path);
    const before = new Database(path);
    expect(before.prepare('SELECT max(version) FROM mirror_schema_migrations').pluck().get()).toBe(5);
    const rows = contents(before);
    before.close();

    const migrated = openStore({ path });
    expect(migrated.schemaVersion).toBe(MIGRATIONS.length);
    expect(MIGRATIONS[PUBLISH_CURSORS - 1]?.name).toBe('0006_publish_cursors');
    const db = connectionOf(migrated);
    expect(contents(db)).toEqual(rows);
    expect(db.prepare('SELECT * FROM mirror_publish_cursors').all()).toEqual([]);
    expect(
      (db.pragma('table_info(mirror_publish_cursors)') as { name: string; pk: number }[]).map((c) => [
        c.name,
        c.pk,
      ]),
    ).toEqual([
      ['stream', 1],
      ['event_seq', 0],
      ['stream_seq', 0],
      ['published_at', 0],
    ]);
    migrated.close();

    // Opening again applies nothing; the step's SQL run twice is harmless.
    const again = openStore({ path });
    const versions = connectionOf(again)
      .prepare('SELECT version FROM mirror_schema_migrations')
      .pluck()
      .all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(() => connectionOf(again).exec(MIGRATIONS[PUBLISH_CURSORS - 1]?.sql ?? '')).not.toThrow();
    again.close();
  });

  it('keeps a publish cursor that only moves forward, and never negative', () => {
    const store = openStore({ path: tmp.path('m.db') });
    const db = connectionOf(store);
    const write = prepareWritePublishCursor(db);
    const at = '2024-01-01T00:00:00Z';
    expect(write({ stream: 'S', eventSeq: 10, streamSeq: 7, publishedAt: at })).toBe(true);
    expect(write({ stream: 'S', eventSeq: 4, streamSeq: 3, publishedAt: at })).toBe(false);
    expect(prepareReadPublishCursor(db)('S')).toEqual({
      stream: 'S',
      eventSeq: 10,
      streamSeq: 7,
      publishedAt: at,
    });
    expect(() => write({ stream: 'T', eventSeq: -1, streamSeq: 0, publishedAt: at })).toThrow(
      /CHECK constraint failed/,
    );
    store.close();
  });
});
