import Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import { CursorMovedError } from '../../src/errors/CursorMovedError.js';
import { checkpoint, type SourceEmission } from '../../src/model/SourceEmission.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import { up } from '../support/deltas.js';
import { useTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';
import { expectConsistentAfterFault } from '../support/expectConsistentAfterFault.js';

const tmp = useTempDir();

/** A mirror fed by hand, and a second connection to the same file: the other writer. */
const setup = (seedCursor?: string) => {
  const path = tmp.path('m.db');
  const store = openStore({ path });
  const other = new Database(path);
  if (seedCursor !== undefined) {
    other
      .prepare("INSERT INTO mirror_cursors VALUES ('feed', 'items', ?, '2024-01-01T00:00:00.000000000Z')")
      .run(seedCursor);
  }
  const feed = new Subject<SourceEmission>();
  const mirror = createMirror({ store, sources: { feed }, batchWaitMs: 1 });
  const committed: string[] = [];
  mirror.applied$.subscribe({ next: (c) => committed.push(c.delta.record_id), error: () => undefined });
  const running = mirror.run().catch((err: unknown) => err);
  return { path, store, other, feed, committed, running };
};

describe('a second writer moving a cursor under the mirror (compare-and-set on cursor writes)', () => {
  it('the next batch with a checkpoint is rolled back whole and the run fails with CursorMovedError', async () => {
    const { path, store, other, feed, committed, running } = setup('c0');
    try {
      feed.next(up('items', 'a', { n: 1 }, { minute: 1 }));
      feed.next(checkpoint('items', 'c1'));
      await waitUntil(
        'the first batch',
        () => committed.length === 1 && store.readCursor('feed', 'items') === 'c1',
      );

      other.prepare("UPDATE mirror_cursors SET cursor = 'elsewhere' WHERE source = 'feed'").run();
      feed.next(up('items', 'b', { n: 2 }, { minute: 2 }));
      feed.next(checkpoint('items', 'c2'));
      const failure = await running;
      expect(failure).toBeInstanceOf(CursorMovedError);
      expect(failure).toMatchObject({
        code: 'CONCURRENT_WRITER',
        source: 'feed',
        resource: 'items',
        expected: 'c1',
        found: 'elsewhere',
      });
      expect((failure as Error).message).toMatch(
        /Is a second writer syncing this source into this database\?/,
      );
      expect(committed).toEqual(['a']); // b was in the rolled-back batch
      expect(store.countEvents()).toBe(1);
      expect(store.readCursor('feed', 'items')).toBe('elsewhere');
    } finally {
      other.close();
      store.close();
    }
    await expectConsistentAfterFault(path);
  });

  it('also when the other writer stores the first cursor after the run started', async () => {
    const { store, other, feed, running } = setup();
    try {
      other
        .prepare(
          "INSERT INTO mirror_cursors VALUES ('feed', 'items', 'theirs', '2024-01-01T00:00:00.000000000Z')",
        )
        .run();
      feed.next(up('items', 'a', { n: 1 }, { minute: 1 }));
      feed.next(checkpoint('items', 'mine'));
      expect(await running).toMatchObject({ name: 'CursorMovedError', expected: undefined, found: 'theirs' });
      expect(store.countEvents()).toBe(0);
    } finally {
      other.close();
      store.close();
    }
  });

  it('a cursor the run itself moves, batch after batch, never trips it', async () => {
    const { store, other, feed, committed, running } = setup('c0');
    try {
      for (let i = 1; i <= 5; i++) {
        feed.next(up('items', `r${i}`, { i }, { minute: i }));
        feed.next(checkpoint('items', `c${i}`));
        await waitUntil(`batch ${i}`, () => committed.length === i);
      }
      feed.complete();
      expect(await running).toMatchObject({ total: { applied: 5 } });
      expect(store.readCursor('feed', 'items')).toBe('c5');
    } finally {
      other.close();
      store.close();
    }
  });
});
