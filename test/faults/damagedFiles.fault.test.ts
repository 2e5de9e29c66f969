import {
  appendFileSync,
  copyFileSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import Database from 'better-sqlite3';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import { ndjsonFileSource } from '../../src/sources/files/ndjsonFileSource.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import { runCli } from '../support/cli.js';
import { deltaLines } from '../support/ndjson.js';
import { useTempDir } from '../support/tempDir.js';
import { expectConsistentAfterFault, ndjsonCursorCovered } from '../support/expectConsistentAfterFault.js';
import { countEvents } from '../support/readMirrorFile.js';

const tmp = useTempDir();
const LINES = deltaLines(12_000, 3_000);
const CORRUPT = /\[STORAGE_CORRUPT\]/;

const overwrite = (path: string, at: number, bytes: Buffer): void => {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
};

/** A mirror synced from `feed.ndjson` (source `feed`) with a config beside it; closed cleanly (no -wal). */
const syncedMirror = (lines: readonly string[]) => {
  const feed = tmp.path('feed.ndjson');
  writeFileSync(feed, `${lines.join('\n')}\n`);
  const config = tmp.path('mirror.config.json');
  writeFileSync(
    config,
    JSON.stringify({ db: 'mirror.db', sources: [{ id: 'feed', type: 'ndjson', path: 'feed.ndjson' }] }),
  );
  const db = tmp.path('mirror.db');
  expect(runCli(['sync', '--config', config, '--once']).status).toBe(0);
  return { feed, config, db };
};

const sync = (config: string) => runCli(['sync', '--config', config, '--once']);

/**
 * What a crash leaves: the mirror synced the first half of the feed (checkpointed into the file), then
 * the second half is appended to the feed and synced by a process that dies before closing; this copies
 * its database and -wal as they are at that moment. Returns the events in the checkpointed file.
 */
const crashImageWithWal = async (lines: readonly string[]) => {
  const half = lines.length / 2;
  const setup = syncedMirror(lines.slice(0, half));
  const checkpointed = countEvents(setup.db);
  appendFileSync(setup.feed, `${lines.slice(half).join('\n')}\n`);
  const store = openStore({ path: setup.db });
  try {
    const source = fromSyncSource(
      ndjsonFileSource({ id: 'feed', type: 'ndjson', path: setup.feed }, { pageLines: 500 }),
      {},
    );
    await createMirror({ store, sources: { feed: source }, batchSize: 500 }).run();
    expect(statSync(`${setup.db}-wal`).size).toBeGreaterThan(0);
    copyFileSync(setup.db, tmp.path('crashed.db'));
    copyFileSync(`${setup.db}-wal`, tmp.path('crashed.db-wal'));
  } finally {
    store.close();
  }
  writeFileSync(
    setup.config,
    JSON.stringify({ db: 'crashed.db', sources: [{ id: 'feed', type: 'ndjson', path: 'feed.ndjson' }] }),
  );
  return { ...setup, db: tmp.path('crashed.db'), checkpointed };
};

describe('a damaged database file: a clear STORAGE_CORRUPT error, never a silent empty mirror', () => {
  it('refuses an empty (0-byte) file and leaves it as it is', () => {
    const { config, db } = syncedMirror(LINES.slice(0, 100));
    truncateSync(db, 0);
    const run = sync(config);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/mirror\.db: the file exists but is empty \(0 bytes\).*\[STORAGE_CORRUPT\]/);
    expect(statSync(db).size).toBe(0);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });

  it.each([
    [
      'a garbled header',
      (db: string) => overwrite(db, 0, Buffer.alloc(100, 0x41)),
      /the file is not a SQLite database/,
    ],
    [
      'a file cut in half',
      (db: string) => truncateSync(db, Math.floor(statSync(db).size / 2)),
      /the database file is corrupt/,
    ],
  ])('refuses %s, and writes nothing', (_, damage, reason) => {
    const { config, db } = syncedMirror(LINES.slice(0, 3_000));
    damage(db);
    const before = readFileSync(db);
    const run = sync(config);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).toMatch(CORRUPT);
    expect(readFileSync(db).equals(before)).toBe(true);
    const query = runCli(['query', '--db', db, 'SELECT count(*) FROM mirror_records']);
    expect(query.status).toBe(1);
    expect(query.stderr).toMatch(/not a database|malformed/);
  });

  it('fails the batch that meets a damaged page, and writes nothing of it', () => {
    const { config, db, feed } = syncedMirror(LINES.slice(0, 3_000));
    const c = new Database(db);
    const pageSize = c.pragma('page_size', { simple: true }) as number;
    const root = c
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'mirror_events'")
      .pluck()
      .get() as number;
    c.close();
    overwrite(db, (root - 1) * pageSize, Buffer.alloc(pageSize, 0x5a)); // every append goes through the root
    appendFileSync(feed, `${LINES.slice(3_000, 4_000).join('\n')}\n`);
    const before = readFileSync(db);
    const run = sync(config);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /the database file is corrupt \(database disk image is malformed\).*\[STORAGE_CORRUPT\]/,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('a crash image whose -wal is cut or damaged', () => {
  it('a -wal cut inside a frame: a warning, then the mirror as of its last whole commit, consistent, and a re-run completes it', async () => {
    const image = await crashImageWithWal(LINES);
    truncateSync(`${image.db}-wal`, Math.floor(statSync(`${image.db}-wal`).size * 0.6) + 100);
    copyFileSync(image.db, tmp.path('inspected.db'));
    copyFileSync(`${image.db}-wal`, tmp.path('inspected.db-wal'));

    await expectConsistentAfterFault(tmp.path('inspected.db'), {
      cursorCovered: ndjsonCursorCovered(image.feed),
    });
    const recovered = countEvents(tmp.path('inspected.db'));
    expect(recovered).toBeGreaterThan(image.checkpointed); // the whole commits before the cut are kept
    expect(recovered).toBeLessThan(LINES.length); // the ones after it are gone…

    const rerun = sync(image.config);
    expect(rerun.status).toBe(0);
    expect(rerun.stderr).toMatch(/the -wal file ends inside a frame/); // …and said so
    expect(countEvents(image.db)).toBe(LINES.length); // …and pulled again from the cursor
    await expectConsistentAfterFault(image.db, { cursorCovered: ndjsonCursorCovered(image.feed) });
  });

  it('a -wal damaged in the middle is refused, naming the frame; moved away, the mirror opens as of its last checkpoint and a re-run completes it', async () => {
    const image = await crashImageWithWal(LINES);
    const wal = `${image.db}-wal`;
    overwrite(wal, Math.floor(statSync(wal).size * 0.4), Buffer.from('damaged bytes'));
    const refused = sync(image.config);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /the -wal file is damaged at frame \d+ of \d+ .* Move .*crashed\.db-wal away to open the mirror as of its last checkpoint.*\[STORAGE_CORRUPT\]/,
    );

    renameSync(wal, tmp.path('crashed.db-wal.damaged'));
    await expectConsistentAfterFault(image.db, { cursorCovered: ndjsonCursorCovered(image.feed) });
    expect(countEvents(image.db)).toBe(image.checkpointed);
    expect(sync(image.config).status).toBe(0);
    expect(countEvents(image.db)).toBe(LINES.length);
  });

  it('a -wal with a garbled header is refused (SQLite would ignore every commit in it)', async () => {
    const image = await crashImageWithWal(LINES);
    overwrite(`${image.db}-wal`, 0, Buffer.alloc(32, 7));
    const refused = sync(image.config);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/has a header SQLite does not recognise.*\[STORAGE_CORRUPT\]/);
  });
});
