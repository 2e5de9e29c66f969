import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ndjsonFileSource } from '../../src/sources/files/ndjsonFileSource.js';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import { openStore } from '../../src/store/openStore.js';
import { del, up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { deltaLines } from '../support/ndjson.js';
import { makeRecords } from '../support/recordsApi.js';
import { useTempDir } from '../support/tempDir.js';
import {
  expectConsistentAfterFault,
  httpSinceCursorCovered,
  ndjsonCursorCovered,
} from '../support/expectConsistentAfterFault.js';

const tmp = useTempDir();

/** Runs `sql` on the file behind the checker's back: the kind of damage it must catch. */
const tamper = (db: string, sql: string): void => {
  const c = new Database(db);
  c.exec(sql);
  c.close();
};

/** A mirror of an NDJSON file (source `file`, cursor after its last line) and the file. */
const mirrorOfFile = async (name = 'm'): Promise<{ db: string; input: string }> => {
  const input = tmp.path(`${name}.ndjson`);
  writeFileSync(input, `${['not json', ...deltaLines(200, 50)].join('\n')}\n`);
  const db = tmp.path(`${name}.db`);
  const store = openStore({ path: db });
  const source = ndjsonFileSource({ type: 'ndjson', id: 'file', path: input }, { pageLines: 40 });
  await sync(store, { file: fromSyncSource(source) });
  store.close();
  return { db, input };
};

describe('expectConsistentAfterFault (the fault suite’s oracle) fails when', () => {
  it('passes on a consistent mirror, and on a file that was never created', async () => {
    const { db, input } = await mirrorOfFile();
    await expectConsistentAfterFault(db, { cursorCovered: ndjsonCursorCovered(input) });
    await expectConsistentAfterFault(tmp.path('missing.db'));
  });

  it('a record differs from what its events give, in any column', async () => {
    const { db } = await mirrorOfFile();
    tamper(db, "UPDATE mirror_records SET last_synced_at = '2000-01-01T00:00:00Z' WHERE record_id = 'r7'");
    // The message is jest's diff, which escapes the quotes verifyMirror puts around values.
    await expect(expectConsistentAfterFault(db)).rejects.toThrow(
      /mirror_records items\/r7: last_synced_at is \\"2000-01-01T00:00:00Z\\", the log gives \\"\S+\\"/,
    );
  });

  it('a record or a tombstone is missing, or the log lacks an event', async () => {
    const { db } = await mirrorOfFile('a');
    tamper(db, "DELETE FROM mirror_tombstones WHERE record_id = 'r43'"); // deleted by line 195
    await expect(expectConsistentAfterFault(db)).rejects.toThrow(
      /mirror_tombstones items\/r43: the log produces it, but it is not stored/,
    );
    tamper(db, "DELETE FROM mirror_records WHERE record_id = 'r1'");
    await expect(expectConsistentAfterFault(db)).rejects.toThrow(
      /mirror_records items\/r1: the log produces it, but it is not stored/,
    );
    const other = await mirrorOfFile('b');
    tamper(other.db, 'DELETE FROM mirror_events WHERE seq = (SELECT max(seq) FROM mirror_events)');
    await expect(expectConsistentAfterFault(other.db)).rejects.toThrow(
      /mirror_records items\/r49: payload is/,
    );
  });

  it('an NDJSON cursor is ahead of the lines applied', async () => {
    const { db, input } = await mirrorOfFile('a');
    // The file grows by a line the mirror has not read, and the cursor claims it.
    appendFileSync(input, `${deltaLines(1, 1, 'other')[0]}\n`);
    const ahead = JSON.stringify({ offset: statSync(input).size, line: 202 });
    tamper(db, `UPDATE mirror_cursors SET cursor = '${ahead}'`);
    await expect(
      expectConsistentAfterFault(db, { cursorCovered: ndjsonCursorCovered(input) }),
    ).rejects.toThrow(/line 202/);
    const other = await mirrorOfFile('b');
    tamper(other.db, 'DELETE FROM mirror_rejects');
    await expect(
      expectConsistentAfterFault(other.db, { cursorCovered: ndjsonCursorCovered(other.input) }),
    ).rejects.toThrow(/line 1"/);
  });

  it('an HTTP since-cursor is ahead of the records applied', async () => {
    const db = tmp.path('http.db');
    const server = makeRecords(3);
    const store = openStore({ path: db });
    await sync(store, {
      api: [
        up('items', 'r00000', { ...server[0] }),
        up('items', 'r00001', { ...server[1] }),
        del('items', 'r00002'),
        { kind: 'checkpoint', resource: 'items', cursor: JSON.stringify({ since: server[1]?.updated_at }) },
      ],
    });
    store.close();
    const check = { cursorCovered: httpSinceCursorCovered(() => server) };
    await expectConsistentAfterFault(db, check); // r00001 is at `since`, asked again: not yet covered
    tamper(db, `UPDATE mirror_cursors SET cursor = '${JSON.stringify({ since: '2025-01-01T00:00:00Z' })}'`);
    await expect(expectConsistentAfterFault(db, check)).rejects.toThrow(/r00002@/);
  });
});
