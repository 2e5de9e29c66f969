import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { from } from 'rxjs';
import { StorageFullError } from '../../src/errors/StorageFullError.js';
import { decodeDeltaLine } from '../../src/model/decodeDelta.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import { runCli } from '../support/cli.js';
import { deltaLines } from '../support/ndjson.js';
import { useTempDir } from '../support/tempDir.js';
import { expectConsistentAfterFault, ndjsonCursorCovered } from '../support/expectConsistentAfterFault.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const tmp = useTempDir();

/** 30,000 deltas over 10,000 records: about 25 MiB once stored, far past a 2 MiB limit. */
const LINES = deltaLines(30_000, 10_000);

const writeSetup = (maxSizeMiB: number | undefined) => {
  const feed = tmp.path('feed.ndjson');
  writeFileSync(feed, `${LINES.join('\n')}\n`);
  const config = tmp.path('mirror.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      db: 'mirror.db',
      ...(maxSizeMiB === undefined ? {} : { maxSizeMiB }),
      sources: [{ id: 'feed', type: 'ndjson', path: 'feed.ndjson' }],
    }),
  );
  return { feed, config, db: tmp.path('mirror.db') };
};

const read = (db: string) => {
  const c = new Database(db, { readonly: true });
  try {
    return {
      events: c.prepare('SELECT count(*) FROM mirror_events').pluck().get() as number,
      bytes:
        (c.pragma('page_count', { simple: true }) as number) *
        (c.pragma('page_size', { simple: true }) as number),
      records: c
        .prepare('SELECT resource, record_id, payload, version FROM mirror_records ORDER BY 1, 2')
        .all(),
    };
  } finally {
    c.close();
  }
};

describe('disk full (a 2 MiB limit on the database file, SQLite max_page_count)', () => {
  it('sync stops with STORAGE_FULL, the file stays consistent with no cursor ahead, and a run without the limit completes it', async () => {
    const { feed, config, db } = writeSetup(2);
    const full = runCli(['sync', '--config', config, '--once']);
    expect(full.status).toBe(1);
    expect(full.stderr).toMatch(
      /committing a batch of \d+ items failed on .*mirror\.db: the database reached its size limit of 2 MiB \(maxSizeMiB\), or the disk is full; the write was rolled back.*\[STORAGE_FULL\]/,
    );

    const stopped = read(db);
    expect(stopped.bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(stopped.events).toBeGreaterThan(0); // batches before the limit are kept…
    expect(stopped.events).toBeLessThan(LINES.length); // …and the one that hit it is not
    await expectConsistentAfterFault(db, { cursorCovered: ndjsonCursorCovered(feed) });

    writeSetup(undefined); // lift the limit: the run resumes from the stored cursor
    const resumed = runCli(['sync', '--config', config, '--once']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    await expectConsistentAfterFault(db, { cursorCovered: ndjsonCursorCovered(feed) });

    expect(runCli(['ingest', feed, '--db', tmp.path('clean.db')]).status).toBe(0); // never limited
    const after = read(db);
    const reference = read(tmp.path('clean.db'));
    expect(after.events).toBe(LINES.length);
    expect(after.records).toEqual(reference.records);
  });

  it('ingest --max-size-mib fails the same way, and the library raises a typed StorageFullError', async () => {
    const input = tmp.path('in.ndjson');
    writeFileSync(input, `${LINES.slice(0, 20_000).join('\n')}\n`);
    const cli = runCli(['ingest', input, '--db', tmp.path('cli.db'), '--max-size-mib', '1']);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/size limit of 1 MiB .*\[STORAGE_FULL\]/);
    await expectConsistentAfterFault(tmp.path('cli.db'));

    const store = openStore({ path: tmp.path('lib.db'), maxSizeMiB: 1 });
    try {
      const deltas = LINES.slice(0, 20_000).map((line, i) => {
        const decoded = decodeDeltaLine(line, `line ${i + 1}`);
        if (decoded._tag === 'Left') throw decoded.left;
        return decoded.right;
      });
      const mirror = createMirror({ store, sources: { feed: from(deltas) } });
      const failure = await mirror.run().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(StorageFullError);
      expect(failure).toMatchObject({ code: 'STORAGE_FULL', maxSizeMiB: 1, sqliteCode: 'SQLITE_FULL' });
      expect(connectionOf(store).inTransaction).toBe(false);
      const committed = store.countEvents();
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThan(deltas.length);
      expect(mirror.report().total.applied).toBe(committed);
    } finally {
      store.close();
    }
    await expectConsistentAfterFault(tmp.path('lib.db'));
  });
});
