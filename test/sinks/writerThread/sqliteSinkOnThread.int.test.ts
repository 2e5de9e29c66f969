import Database from 'better-sqlite3';
import { pino } from 'pino';
import { Subject, asyncScheduler, from, lastValueFrom, tap, toArray, type Observable } from 'rxjs';
import { ConcurrentWriterError } from '../../../src/errors/ConcurrentWriterError.js';
import { CursorMovedError } from '../../../src/errors/CursorMovedError.js';
import { InvalidOptionsError } from '../../../src/errors/InvalidOptionsError.js';
import { StorageError } from '../../../src/errors/StorageError.js';
import type { DeltaItem, MirrorItem } from '../../../src/model/MirrorItem.js';
import type { AppliedBatch } from '../../../src/sinks/AppliedBatch.js';
import { sqliteSink, type SqliteSinkOptions } from '../../../src/sinks/sqliteSink.js';
import {
  sqliteSinkOnThread,
  type SqliteSinkOnThreadOptions,
} from '../../../src/sinks/writerThread/sqliteSinkOnThread.js';
import { defineStrategy, apply } from '../../../src/strategies/ConflictStrategy.js';
import { keepLocal } from '../../../src/strategies/keepLocal.js';
import { mergeJson } from '../../../src/strategies/mergeJson.js';
import { openStore } from '../../../src/store/openStore.js';
import type { MirrorStore } from '../../../src/store/MirrorStore.js';
import { mirrorPipeline } from '../../../src/streams/mirrorPipeline.js';
import { digestStore } from '../../../bench/benchStore.js';
import { errorOf } from '../../support/errorOf.js';
import { checkpointItem, deltaItem, rejectItem } from '../../support/items.js';
import { useTempDir } from '../../support/tempDir.js';
import { waitUntil } from '../../support/waitUntil.js';

const tmp = useTempDir();
let store: MirrorStore;
beforeEach(() => {
  store = openStore({ path: tmp.path('m.db') });
});
afterEach(() => store.close());

const onThread = (
  batches: Observable<readonly MirrorItem[]>,
  options: SqliteSinkOnThreadOptions = {},
): Promise<AppliedBatch[]> => lastValueFrom(batches.pipe(sqliteSinkOnThread(store, options), toArray()));

/** What a second connection sees now. */
const seen = (sql: string): unknown[] => {
  const other = new Database(tmp.path('m.db'), { readonly: true });
  try {
    return other.prepare(sql).all();
  } finally {
    other.close();
  }
};

/** Every kind of item and decision: applies, a merge, a skip, a delete, duplicates, a reject, checkpoints. */
const mixedBatches = (): MirrorItem[][] => {
  const x = deltaItem({ recordId: 'x', payload: { a: 1, big: 12345678901234567890n } });
  return [
    [x, rejectItem('crm', 'line 2'), deltaItem({ recordId: 'y' }), checkpointItem('crm', 'p1')],
    [
      { ...x, source: 'erp' },
      deltaItem({ recordId: 'm', resource: 'notes', payload: { a: 1, z: 'first' } }),
      deltaItem({ recordId: 'm', resource: 'notes', at: 5, payload: { b: 2 } }),
      deltaItem({ recordId: 'k', resource: 'kept', payload: { v: 1 } }),
      x,
    ],
    [
      deltaItem({ recordId: 'k', resource: 'kept', at: 9, payload: { v: 2 } }),
      deltaItem({ recordId: 'y', op: 'delete', at: 3 }),
      checkpointItem('crm', 'p2'),
    ],
  ];
};
const strategies = { strategyFor: { notes: mergeJson, kept: keepLocal } };

/** The batches without the times each writer's clock stamped. */
const comparable = (batches: readonly AppliedBatch[]): unknown =>
  batches.map((b) => ({
    ...b,
    committedAt: '',
    changes: b.changes.map((c) => ({ ...c, record: c.record && { ...c.record, last_synced_at: '' } })),
  }));

describe('sqliteSinkOnThread, the writer on its own thread', () => {
  it('writes the same rows and emits the same batches as the inline writer', async () => {
    const sent = mixedBatches();
    const threaded = await onThread(from(sent), strategies);
    const threadedRows = digestStore(store);
    store.close();

    store = openStore({ path: tmp.path('inline.db') });
    const options: SqliteSinkOptions = strategies;
    const inline = await lastValueFrom(from(mixedBatches()).pipe(sqliteSink(store, options), toArray()));

    expect(threadedRows).toEqual(digestStore(store));
    // The same batches but for the clock each writer stamps its commits with.
    expect(comparable(threaded)).toEqual(comparable(inline));
    expect(threaded.map((b) => b.changes.map((c) => [c.delta.record_id, c.decision]))).toEqual([
      [
        ['x', 'applied'],
        ['y', 'applied'],
      ],
      [
        ['m', 'applied'],
        ['m', 'merged'],
        ['k', 'applied'],
      ],
      [
        ['k', 'skipped'],
        ['y', 'applied'],
      ],
    ]);
    // What is emitted holds the caller's own items, and records stamped with the batch's commit time.
    expect(threaded[0]!.changes[0]!.delta).toBe((sent[0]![0] as DeltaItem).delta);
    expect(threaded[0]!.rejects[0]).toBe(sent[0]![1]);
    expect(threaded[1]!.duplicates[1]).toBe(sent[1]![4]);
    const merged = threaded[1]!.changes[1]!;
    expect(merged.record?.payload).toEqual({ a: 1, b: 2, z: 'first' });
    expect(merged.record?.last_synced_at).toBe(threaded[1]!.committedAt);
    expect(threaded[0]!.changes[0]!.record?.payload).toEqual({ a: 1, big: 12345678901234567890n });
    expect(threaded[1]!.duplicates.map((d) => [d.delta.record_id, d.source])).toEqual([
      ['x', 'erp'],
      ['x', 'crm'],
    ]);
  });

  it('emits a batch only after its COMMIT, and one sent alone while the input is idle', async () => {
    const batches = new Subject<MirrorItem[]>();
    const emitted: AppliedBatch[] = [];
    const first = new Promise<void>((resolve) => {
      batches.pipe(sqliteSinkOnThread(store)).subscribe((b) => {
        emitted.push(b);
        expect(seen('SELECT record_id FROM mirror_records')).toEqual([{ record_id: 'a' }]);
        resolve();
      });
    });
    batches.next([deltaItem({ recordId: 'a' })]); // and nothing more: no next batch, no completion
    await first;
    expect(emitted).toHaveLength(1);
    batches.complete();
  });

  it('holds at most `batchesInFlight` batches ahead of what it emitted: the source is pulled no faster', async () => {
    const log: string[] = [];
    function* source(): Generator<MirrorItem[]> {
      for (let i = 0; i < 8; i++) {
        log.push(`pull ${i}`);
        yield [deltaItem({ recordId: `r${i}` })];
      }
    }
    const emitted = await lastValueFrom(
      from(source()).pipe(
        sqliteSinkOnThread(store, { batchesInFlight: 2 }),
        tap((b) => log.push(`applied ${b.changes[0]?.delta.record_id.slice(1)}`)),
        toArray(),
      ),
    );
    expect(emitted.map((b) => b.changes[0]?.delta.record_id)).toEqual(
      Array.from({ length: 8 }, (_, i) => `r${i}`),
    );
    // With two in flight, batch i is committed and emitted before batch i + 3 is pulled.
    for (let i = 0; i + 3 < 8; i++) {
      expect(log.indexOf(`applied ${i}`)).toBeLessThan(log.indexOf(`pull ${i + 3}`));
    }
  });

  it('refuses, when created, what cannot cross to the thread: a strategy of your own, a store in memory', () => {
    const own = defineStrategy('mine', () => apply);
    expect(errorOf(() => sqliteSinkOnThread(store, { strategyFor: { notes: own } }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'strategyFor.notes',
      message: expect.stringMatching(/a strategy of your own[\s\S]*last-write-wins/) as unknown,
    });
    expect(errorOf(() => sqliteSinkOnThread(store, { strategy: (): typeof apply => apply }))).toBeInstanceOf(
      InvalidOptionsError,
    );
    expect(errorOf(() => sqliteSinkOnThread(store, { batchesInFlight: 0 }))).toMatchObject({
      option: 'batchesInFlight',
    });
    const memory = openStore({ path: ':memory:' });
    try {
      expect(errorOf(() => sqliteSinkOnThread(memory))).toMatchObject({
        option: 'writer',
        code: 'INVALID_OPTIONS',
      });
    } finally {
      memory.close();
    }
  });

  it('records a delta the store refuses with its StorageError, and keeps the rest of its batch', async () => {
    new Database(tmp.path('m.db'))
      .exec(
        "CREATE TRIGGER no_b BEFORE INSERT ON mirror_records WHEN NEW.record_id = 'b' BEGIN SELECT RAISE(ABORT, 'no b'); END",
      )
      .close();
    const [applied] = await onThread(
      from([[deltaItem({ recordId: 'a' }), deltaItem({ recordId: 'b' }), checkpointItem('crm', 'c1')]]),
    );
    expect(applied!.changes.map((c) => c.delta.record_id)).toEqual(['a']);
    const [refusal] = applied!.refusals;
    expect(refusal).toMatchObject({ stage: 'store', delta: { record_id: 'b' }, source: 'crm' });
    expect(refusal!.error).toBeInstanceOf(StorageError);
    expect(refusal!.error).toMatchObject({ code: 'STORAGE_FAILED', sqliteCode: 'SQLITE_CONSTRAINT_TRIGGER' });
    expect(refusal!.error.message).toMatch(/no b/);
    expect(seen('SELECT cursor FROM mirror_cursors')).toEqual([{ cursor: 'c1' }]);
  });

  it('fails the stream with the writer’s own error after emitting the batches before it, and writes nothing after it', async () => {
    new Database(tmp.path('m.db'))
      .exec(
        "CREATE TRIGGER no_b BEFORE INSERT ON mirror_records WHEN NEW.record_id = 'b' BEGIN SELECT RAISE(ABORT, 'no b'); END",
      )
      .close();
    const emitted: AppliedBatch[] = [];
    const failure = await new Promise<unknown>((resolve) => {
      from([
        [deltaItem({ recordId: 'a' }), checkpointItem('crm', 'c1')],
        [deltaItem({ recordId: 'b' }), checkpointItem('crm', 'c2')],
        [deltaItem({ recordId: 'c' }), checkpointItem('crm', 'c3')],
      ])
        .pipe(sqliteSinkOnThread(store, { onRefusal: 'fail' }))
        .subscribe({ next: (b) => emitted.push(b), error: resolve, complete: () => resolve('completed') });
    });
    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ code: 'STORAGE_FAILED', sqliteCode: 'SQLITE_CONSTRAINT_TRIGGER' });
    expect((failure as Error).stack).toMatch(/StorageError/);
    expect(emitted.map((b) => b.checkpoints[0]?.cursor)).toEqual(['c1']);
    expect(seen('SELECT record_id FROM mirror_records')).toEqual([{ record_id: 'a' }]);
    expect(seen('SELECT cursor FROM mirror_cursors')).toEqual([{ cursor: 'c1' }]);
  });

  it('refuses to write after another connection committed, with the same error classes', async () => {
    const batches = new Subject<MirrorItem[]>();
    const emitted: AppliedBatch[] = [];
    const failure = new Promise<unknown>((resolve) => {
      batches.pipe(sqliteSinkOnThread(store)).subscribe({ next: (b) => emitted.push(b), error: resolve });
    });
    batches.next([deltaItem({ recordId: 'a' }), checkpointItem('crm', 'c1')]);
    await waitUntil('the first batch committed', () => emitted.length > 0);
    const other = new Database(tmp.path('m.db'));
    other.prepare("UPDATE mirror_cursors SET cursor = 'theirs'").run();
    batches.next([deltaItem({ recordId: 'b' }), checkpointItem('crm', 'c2')]);
    const error = await failure;
    expect(error).toBeInstanceOf(CursorMovedError);
    expect(error).toMatchObject({ name: 'CursorMovedError', expected: 'c1', found: 'theirs' });

    const again = new Subject<MirrorItem[]>();
    const second = new Promise<unknown>((resolve) => {
      again.pipe(sqliteSinkOnThread(store)).subscribe({ error: resolve });
    });
    // Subscribed: the thread is ready, its baseline taken; another connection commits after it.
    other.exec("INSERT INTO mirror_resources (resource, first_seen_at) VALUES ('elsewhere', 'x')");
    again.next([deltaItem({ recordId: 'c' })]);
    expect(await second).toBeInstanceOf(ConcurrentWriterError);
    other.close();
  });

  it('logs through the caller’s logger, as the inline writer does', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    await onThread(from([[deltaItem({ recordId: 'a' })]]), { logger });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 20, component: 'sqliteSink', changes: 1, msg: 'batch committed' }),
    );
  });

  it('is what mirrorPipeline writes with for writer "thread"; a scheduler or another writer is refused', async () => {
    const committed = await lastValueFrom(
      mirrorPipeline({
        store,
        writer: 'thread',
        sources: { crm: from([deltaItem({ recordId: 'a' }).delta, deltaItem({ recordId: 'b' }).delta]) },
      }).pipe(toArray()),
    );
    expect(committed.flatMap((b) => b.changes.map((c) => c.delta.record_id))).toEqual(['a', 'b']);
    expect(seen('SELECT count(*) AS n FROM mirror_events')).toEqual([{ n: 2 }]);
    await expect(
      lastValueFrom(mirrorPipeline({ store, writer: 'thread', scheduler: asyncScheduler, sources: {} }), {
        defaultValue: undefined,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', option: 'scheduler' });
    await expect(
      lastValueFrom(mirrorPipeline({ store, writer: 'threads' as 'thread', sources: {} }), {
        defaultValue: undefined,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', option: 'writer', value: 'threads' });
  });
});
