import Database from 'better-sqlite3';
import { Subject, from, lastValueFrom, tap, toArray } from 'rxjs';
import { ConcurrentWriterError } from '../../src/errors/ConcurrentWriterError.js';
import { CursorMovedError } from '../../src/errors/CursorMovedError.js';
import { StorageError } from '../../src/errors/StorageError.js';
import type { MirrorItem } from '../../src/model/MirrorItem.js';
import type { AppliedBatch } from '../../src/sinks/AppliedBatch.js';
import { sqliteSink, type SqliteSinkOptions } from '../../src/sinks/sqliteSink.js';
import { defineStrategy, apply } from '../../src/strategies/ConflictStrategy.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { connectionOf } from '../../src/store/connectionOf.js';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { checkpointItem, deltaItem, rejectItem } from '../support/items.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
let store: MirrorStore;
let statements: string[];
beforeEach(() => {
  statements = [];
  store = openStore({ path: tmp.path('m.db'), verbose: (sql) => statements.push(sql) });
  statements.length = 0; // opening migrates in a transaction of its own
});
afterEach(() => store.close());

/** Writes batches through one writer and collects what it emits; rejects with its error. */
const write = (
  batches: readonly (readonly MirrorItem[])[],
  options: SqliteSinkOptions = {},
): Promise<AppliedBatch[]> => lastValueFrom(from(batches).pipe(sqliteSink(store, options), toArray()));

/** What a second connection (another process, or the file after a crash) sees now. */
const seen = (sql: string): unknown[] => {
  const other = new Database(tmp.path('m.db'), { readonly: true });
  try {
    return other.prepare(sql).all();
  } finally {
    other.close();
  }
};

const transactions = (): string[] =>
  statements.filter((s) => /^(BEGIN|COMMIT|ROLLBACK)(?! TO)/.test(s)).map((s) => s.split(' ')[0] as string);

describe('sqliteSink, the writer', () => {
  it('commits each batch in one transaction: events, records, rejects and cursors together', async () => {
    const [applied] = await write([
      [
        deltaItem({ recordId: 'a' }),
        rejectItem('crm', 'line 2'),
        deltaItem({ recordId: 'b' }),
        checkpointItem('crm', 'page-1'),
      ],
    ]);
    expect(transactions()).toEqual(['BEGIN', 'COMMIT']);
    expect(applied).toMatchObject({
      changes: [
        { decision: 'applied', version: 1 },
        { decision: 'applied', version: 1 },
      ],
      rejects: [{ location: 'line 2' }],
      checkpoints: [{ cursor: 'page-1' }],
      refusals: [],
      duplicates: [],
    });
    expect(seen('SELECT record_id, version FROM mirror_records ORDER BY 1')).toEqual([
      { record_id: 'a', version: 1 },
      { record_id: 'b', version: 1 },
    ]);
    expect(seen('SELECT cursor FROM mirror_cursors')).toEqual([{ cursor: 'page-1' }]);
    expect(seen('SELECT kind, location FROM mirror_rejects')).toEqual([
      { kind: 'decode', location: 'line 2' },
    ]);
  });

  it('emits a batch only after its COMMIT: a second connection already sees it', async () => {
    const visible: unknown[] = [];
    await lastValueFrom(
      from([[deltaItem({ recordId: 'a' })]]).pipe(
        sqliteSink(store),
        tap(() => visible.push(...seen('SELECT record_id FROM mirror_records'))),
      ),
    );
    expect(visible).toEqual([{ record_id: 'a' }]);
  });

  it('drops a delta already in the log, or earlier in its batch, and reports it as a duplicate', async () => {
    const x = deltaItem({ recordId: 'x' });
    const [, second] = await write([[x], [{ ...x, source: 'other' }, deltaItem({ recordId: 'y' }), x]]);
    expect(second!.duplicates.map((d) => [d.delta.record_id, d.source])).toEqual([
      ['x', 'other'],
      ['x', 'crm'],
    ]);
    expect(seen('SELECT count(*) AS n FROM mirror_events')).toEqual([{ n: 2 }]);
  });

  it('writes nothing for a batch of duplicates only: another connection sees no commit', async () => {
    const x = deltaItem({ recordId: 'x' });
    await write([[x]]);
    const other = new Database(tmp.path('m.db'));
    const before = other.pragma('data_version', { simple: true });
    const writes: string[] = [];
    store.close();
    store = openStore({ path: tmp.path('m.db'), verbose: (sql) => writes.push(sql) });
    const [applied] = await write([[x]]);
    expect(applied!.duplicates).toHaveLength(1);
    expect(writes.some((s) => s.startsWith('INSERT') || s.startsWith('UPDATE'))).toBe(false);
    expect(other.pragma('data_version', { simple: true })).toBe(before);
    other.close();
  });

  it('decides inside the transaction: a later batch sees what an earlier one wrote', async () => {
    const [first, second] = await write(
      [
        [deltaItem({ recordId: 'm', payload: { a: 1 } })],
        [deltaItem({ recordId: 'm', at: 10, payload: { b: 2 } })],
      ],
      { strategy: mergeJson },
    );
    expect(first!.changes[0]).toMatchObject({ decision: 'applied', version: 1 });
    expect(second!.changes[0]).toMatchObject({
      decision: 'merged',
      version: 2,
      record: { payload: { a: 1, b: 2 } },
    });
  });

  it('leaves nothing of a batch that fails, seen from a second connection (onRefusal: fail)', async () => {
    connectionOf(store).exec(
      "CREATE TRIGGER no_b BEFORE INSERT ON mirror_records WHEN NEW.record_id = 'b' BEGIN SELECT RAISE(ABORT, 'no b'); END",
    );
    const run = write(
      [[deltaItem({ recordId: 'a' }), deltaItem({ recordId: 'b' }), checkpointItem('crm', 'c1')]],
      { onRefusal: 'fail' },
    );
    await expect(run).rejects.toBeInstanceOf(StorageError);
    await expect(run).rejects.toThrow(/no b/);
    expect(transactions()).toEqual(['BEGIN', 'ROLLBACK']);
    expect(seen('SELECT count(*) AS n FROM mirror_events')).toEqual([{ n: 0 }]);
    expect(seen('SELECT count(*) AS n FROM mirror_cursors')).toEqual([{ n: 0 }]);
  });

  it('keeps out only the delta the store refuses, re-deciding the rest of its batch delta by delta', async () => {
    connectionOf(store).exec(
      "CREATE TRIGGER no_b BEFORE INSERT ON mirror_records WHEN NEW.record_id = 'b' BEGIN SELECT RAISE(ABORT, 'no b'); END",
    );
    const [applied] = await write([
      [deltaItem({ recordId: 'a' }), deltaItem({ recordId: 'b' }), checkpointItem('crm', 'c1')],
    ]);
    expect(transactions()).toEqual(['BEGIN', 'ROLLBACK', 'BEGIN', 'COMMIT']);
    expect(applied!.refusals).toMatchObject([{ stage: 'store', delta: { record_id: 'b' } }]);
    expect(applied!.changes.map((c) => c.delta.record_id)).toEqual(['a']);
    expect(seen('SELECT cursor FROM mirror_cursors')).toEqual([{ cursor: 'c1' }]);
    expect(seen('SELECT kind, location FROM mirror_rejects')).toEqual([
      { kind: 'store', location: 'delta contacts/b' },
    ]);
  });

  it('records a delta its strategy cannot decide, in the same one transaction', async () => {
    const picky = defineStrategy('picky', (d) => {
      if (d.record_id === 'b') throw new Error('not b');
      return apply;
    });
    const [applied] = await write([[deltaItem({ recordId: 'a' }), deltaItem({ recordId: 'b' })]], {
      strategy: picky,
    });
    expect(transactions()).toEqual(['BEGIN', 'COMMIT']);
    expect(applied!.refusals).toMatchObject([{ stage: 'decide', delta: { record_id: 'b' } }]);
    expect(seen('SELECT kind FROM mirror_rejects')).toEqual([{ kind: 'decide' }]);
  });

  it('refuses to write after another connection committed: CONCURRENT_WRITER, or CursorMovedError naming a moved cursor', async () => {
    const batches = new Subject<MirrorItem[]>();
    const emitted: AppliedBatch[] = [];
    const failure = new Promise<unknown>((resolve) => {
      batches.pipe(sqliteSink(store)).subscribe({ next: (b) => emitted.push(b), error: resolve });
    });
    batches.next([deltaItem({ recordId: 'a' }), checkpointItem('crm', 'c1')]);
    const other = new Database(tmp.path('m.db'));
    other.prepare("UPDATE mirror_cursors SET cursor = 'theirs'").run();
    batches.next([deltaItem({ recordId: 'b' }), checkpointItem('crm', 'c2')]);
    expect(await failure).toMatchObject({ name: 'CursorMovedError', expected: 'c1', found: 'theirs' });
    expect(emitted).toHaveLength(1);

    store.close();
    store = openStore({ path: tmp.path('m.db') });
    const again = new Subject<MirrorItem[]>();
    const second = new Promise<unknown>((resolve) => {
      again.pipe(sqliteSink(store)).subscribe({ error: resolve });
    });
    other.exec("INSERT INTO mirror_resources (resource, first_seen_at) VALUES ('elsewhere', 'x')");
    again.next([deltaItem({ recordId: 'c' })]);
    expect(await second).toBeInstanceOf(ConcurrentWriterError);
    expect(await second).not.toBeInstanceOf(CursorMovedError);
    other.close();
  });
});
