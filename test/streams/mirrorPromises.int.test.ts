/**
 * The mirror's four promises, each on an input that broke it before (issue 10): the right record wins,
 * no cursor is stored ahead of its data, a duplicate is applied once, one bad delta never stops the
 * others. Every test here runs the whole pipeline on a real SQLite file.
 */
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { Observable, Subject, from, type Observable as ObservableType } from 'rxjs';
import { SourceFailedError } from '../../src/errors/SourceFailedError.js';
import { SourceProtocolError } from '../../src/errors/SourceProtocolError.js';
import { StrategyError } from '../../src/errors/StrategyError.js';
import type { Delta } from '../../src/model/Delta.js';
import { checkpoint, type SourceEmission } from '../../src/model/SourceEmission.js';
import { fromNdjson } from '../../src/sources/fromNdjson.js';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import type { Page, SyncSource } from '../../src/sources/SyncSource.js';
import { apply, defineStrategy, skip } from '../../src/strategies/ConflictStrategy.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { del, up } from '../support/deltas.js';
import { events, records, sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const tmp = useTempDir();
let store: MirrorStore;
beforeEach(() => {
  store = openStore({ path: tmp.path('mirror.db') });
});
afterEach(() => store.close());

/** A second, read-only connection: what another process (or the file after a crash) sees right now. */
const observe = <T>(read: (db: Database.Database) => T): T => {
  const db = new Database(tmp.path('mirror.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
};

const withTime = (delta: Delta, occurredAt: string): Delta =>
  ({ ...delta, occurred_at: occurredAt }) as Delta;

describe('the right record wins: every delta leaves the edge in one canonical form', () => {
  it.each([
    ['an offset', '2024-01-01T01:00:00+01:00'],
    ['a Date#toISOString', '2024-01-01T00:00:00.000Z'],
    ['a form without fraction', '2024-01-01T00:00:00Z'],
    ['a lower-case t and z', '2024-01-01t00:00:00z'],
  ])(
    'refuses an older delta whose occurred_at a library source wrote in %s form (%s)',
    async (_form, written) => {
      await sync(store, { a: [up('pets', '1', { v: 'newer' }, { minute: 30 })] });
      const { report } = await sync(store, { b: [withTime(up('pets', '1', { v: 'older' }), written)] });
      expect(report.total).toMatchObject({ pulled: 1, applied: 0, skipped: 1, rejected: 0 });
      expect(store.readRecord('pets', '1')).toMatchObject({ payload: { v: 'newer' }, version: 1 });
      expect(events(store).map((e) => e.occurred_at)).toEqual([
        '2024-01-01T00:30:00.000000000Z',
        '2024-01-01T00:00:00.000000000Z',
      ]);
    },
  );

  it('orders code-built deltas of any RFC 3339 form with the other sources, losing none', async () => {
    const { report } = await sync(store, {
      code: [withTime(up('pets', '1', { v: 1 }), '2024-01-01T00:00:02Z')],
      other: [up('pets', '2', { v: 2 }, { minute: 1 })],
    });
    expect(report.total).toMatchObject({ pulled: 2, applied: 2 });
    expect(records(store).map((r) => r.record_id)).toEqual(['1', '2']);
  });

  it('drops the payload of a delete built in code, so the log keeps nothing of it and its key is the NDJSON one', async () => {
    await sync(store, { s: [up('people', 'p1', { name: 'Ada' }, { minute: 1 })] });
    const deleteWithPayload = { ...del('people', 'p1', { minute: 2 }), payload: { ssn: '123' } };
    await sync(store, { s: [deleteWithPayload] });
    expect(events(store)[1]).toMatchObject({ op: 'delete', payload: 'null' });
    expect(JSON.stringify(events(store))).not.toContain('123');

    const line = JSON.stringify({ ...deleteWithPayload, payload: { ssn: '999' } });
    const { report } = await sync(store, { s: fromNdjson(Readable.from([`${line}\n`])) });
    expect(report.total).toMatchObject({ pulled: 1, duplicates: 1 });
    expect(events(store)).toHaveLength(2);
  });
});

describe('a cursor is never ahead of its data', () => {
  it('holds a checkpoint whose source’s copy of a delta was dropped as a duplicate until the other copy commits', async () => {
    const a = new Subject<SourceEmission>();
    const b = new Subject<SourceEmission>();
    const mirror = createMirror({
      store,
      sources: { a, b },
      batchWaitMs: 5,
      // Wide enough that only completion releases a's copy: it waits in the reorder buffer.
      ordering: { allowedLatenessMs: 3_600_000, maxDelayMs: 3_600_000 },
    });
    const run = mirror.run();
    const x = up('pets', '1', { name: 'Rex' });
    a.next(x);
    b.next(x);
    b.next(checkpoint('pets', 'b-after-x'));
    b.complete();
    // Long enough for several batches to commit, were anything released.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const state = observe((db) => ({
      events: db.prepare('SELECT count(*) AS n FROM mirror_events').get(),
      cursors: db.prepare('SELECT source, cursor FROM mirror_cursors').all(),
    }));
    // A crash here must not leave b's cursor past x with nothing of x stored.
    expect(state).toEqual({ events: { n: 0 }, cursors: [] });
    a.complete();
    const report = await run;
    expect(report.total).toMatchObject({ pulled: 2, applied: 1, duplicates: 1 });
    expect(store.readCursor('b', 'pets')).toBe('b-after-x');
    expect(events(store)).toHaveLength(1);
  });

  it('stores a pull-based source’s cursors under its key in `sources`, and resumes from them, whatever its own id', async () => {
    const asked: (string | undefined)[] = [];
    const inventory: SyncSource = {
      resource: 'stock',
      pull: (cursor) => {
        asked.push(cursor);
        const n = cursor === undefined ? 0 : Number(cursor);
        return Promise.resolve({
          emissions: n < 2 ? [up('stock', `sku${n}`, { qty: n }, { source: 'inventory', minute: n })] : [],
          cursor: String(Math.min(n + 1, 2)),
          hasMore: n + 1 < 2,
        });
      },
    };
    await createMirror({ store, sources: { inv: fromSyncSource(inventory) } }).run();
    expect(store.readCursor('inv', 'stock')).toBe('2');
    asked.length = 0;
    const again = await createMirror({ store, sources: { inv: fromSyncSource(inventory) } }).run();
    expect(asked).toEqual(['2']);
    expect(again.total).toMatchObject({ pulled: 0, duplicates: 0 });
  });

  it('fails a pull-based source whose page claims more without moving its cursor, items or not, and lets the event loop run meanwhile', async () => {
    let pulls = 0;
    const stuck: SyncSource = {
      resource: 'pets',
      pull: (cursor): Promise<Page> => {
        pulls += 1;
        return Promise.resolve({
          emissions: [up('pets', 'same', { n: 1 })],
          cursor: cursor ?? 'c0',
          hasMore: true,
        });
      },
    };
    const run = createMirror({ store, sources: { stuck: fromSyncSource(stuck) } }).run();
    await expect(run).rejects.toBeInstanceOf(SourceFailedError);
    await expect(run).rejects.toMatchObject({
      failures: new Map([['stuck', expect.any(SourceProtocolError)]]),
    });
    expect(pulls).toBe(2);
    expect(store.readCursor('stuck', 'pets')).toBe('c0');
  });

  it('yields to the event loop between pulls of a source that answers at once', async () => {
    let pulls = 0;
    let pullsWhenTimerFired: number | undefined;
    const eager: SyncSource = {
      resource: 'pets',
      pull: (cursor) => {
        pulls += 1;
        const n = cursor === undefined ? 0 : Number(cursor);
        return Promise.resolve({ emissions: [], cursor: String(n + 1), hasMore: n < 400 });
      },
    };
    setTimeout(() => (pullsWhenTimerFired = pulls), 1);
    await createMirror({ store, sources: { eager: fromSyncSource(eager) } }).run();
    expect(pulls).toBe(401);
    expect(pullsWhenTimerFired).toBeDefined();
    expect(pullsWhenTimerFired).toBeLessThan(401);
  });
});

describe('a duplicate is applied once, never a rollback', () => {
  it('recognises a duplicate whose first copy waited in the reorder buffer while more than the dedupe window passed', async () => {
    const early = up('pets', 'early', { v: 1 }, { minute: 0 });
    const later = Array.from({ length: 40 }, (_, i) => up('pets', `r${i}`, { v: i }, { minute: 10 + i }));
    const { report } = await sync(
      store,
      { s: [early, ...later, early] },
      {
        dedupeWindow: 5,
        batchSize: 3,
        ordering: { allowedLatenessMs: 3_600_000, maxDelayMs: 3_600_000, maxBuffered: 100 },
      },
    );
    expect(report.total).toMatchObject({ pulled: 42, applied: 41, duplicates: 1 });
    expect(events(store)).toHaveLength(41);
  });

  it('treats two copies of a delta in one batch as a duplicate', async () => {
    const x = up('pets', 'x', { v: 1 }, { minute: 0 });
    const others = Array.from({ length: 3 }, (_, i) => up('pets', `o${i}`, { v: i }, { minute: 1 + i }));
    const { report } = await sync(store, { s: [x, ...others, x] }, { dedupeWindow: 1, batchSize: 100 });
    expect(report.total).toMatchObject({ pulled: 5, applied: 4, duplicates: 1 });
    expect(report.batches).toBe(1);
  });

  it('applies the same delta from two sources once, counting the second copy as a duplicate', async () => {
    const x = up('pets', 'x', { v: 1 });
    const { report } = await sync(store, { a: [x], b: [x] });
    expect(report.total).toMatchObject({ pulled: 2, applied: 1, duplicates: 1 });
    expect(events(store)).toHaveLength(1);
  });
});

describe('one bad delta never stops the others', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'stores and merges a payload key named %s like any other key',
    async (key) => {
      const first = JSON.parse(`{"${key}": {"a": 1}, "name": "Rex"}`) as { [k: string]: never };
      const second = JSON.parse(`{"${key}": {"b": 2}}`) as { [k: string]: never };
      const { report } = await sync(
        store,
        {
          s: [
            up('pets', '1', first, { minute: 1 }),
            up('pets', '1', second, { minute: 2 }),
            up('pets', '2', { name: 'Max' }, { minute: 3 }),
          ],
        },
        { strategy: mergeJson, batchSize: 100 },
      );
      expect(report.total).toMatchObject({ applied: 2, merged: 1, refused: 0 });
      const stored = observe(
        (db) =>
          db.prepare("SELECT payload FROM mirror_records WHERE record_id = '1'").pluck().get() as string,
      );
      expect(JSON.parse(stored)).toEqual(JSON.parse(`{"${key}": {"a": 1, "b": 2}, "name": "Rex"}`));
      expect(Object.keys(store.readRecord('pets', '1')?.payload ?? {}).sort()).toEqual([key, 'name'].sort());
    },
  );

  it('rejects a code-built delta with a bigint where a string belongs, keeping its digits, and goes on', async () => {
    const bad = { ...up('pets', 'x', { id: 1n }), record_id: 12345678901234567890n } as unknown as Delta;
    const { report } = await sync(store, { s: [bad, up('pets', 'ok', { v: 1 })] });
    expect(report.total).toMatchObject({ rejected: 1, applied: 1 });
    const rejects = observe((db) => db.prepare('SELECT location, input FROM mirror_rejects').all());
    expect(rejects).toEqual([
      {
        location: 'delta pets/12345678901234567890',
        input: expect.stringContaining('"record_id":12345678901234567890'),
      },
    ]);
  });

  it('fails with a StrategyError naming an answer that holds a bigint (onRefusal: fail)', async () => {
    const odd = defineStrategy('odd', () => ({ kind: 'maybe', n: 1n }) as never);
    const run = sync(store, { s: [up('pets', '1', { v: 1 })] }, { strategy: odd, onRefusal: 'fail' });
    await expect(run).rejects.toThrow('strategy odd failed for pets/1: answered {"kind":"maybe","n":1}');
  });

  const throwsFor = (recordId: string) =>
    defineStrategy('picky', (incoming) => {
      if (incoming.record_id === recordId) throw new Error(`cannot decide ${recordId}`);
      return apply;
    });

  it('records a delta its strategy cannot decide as refused, commits the rest of its batch and moves the cursor on', async () => {
    const { report } = await sync(
      store,
      {
        s: [
          up('pets', 'ok1', { v: 1 }),
          up('pets', 'bad', { v: 2 }),
          up('pets', 'ok2', { v: 3 }),
          checkpoint('pets', 'page-1'),
        ],
      },
      { strategy: throwsFor('bad'), batchSize: 100 },
    );
    expect(report.total).toMatchObject({ pulled: 3, applied: 2, refused: 1 });
    expect(report.bySource.s).toMatchObject({ refused: 1 });
    expect(records(store).map((r) => r.record_id)).toEqual(['ok1', 'ok2']);
    expect(store.readCursor('s', 'pets')).toBe('page-1');
    const refused = observe((db) =>
      db.prepare('SELECT kind, source_id, location, input, issues FROM mirror_rejects').all(),
    );
    expect(refused).toEqual([
      {
        kind: 'decide',
        source_id: 's',
        location: 'delta pets/bad',
        input: expect.stringContaining('"record_id":"bad"'),
        issues: expect.stringContaining('strategy picky failed for pets/bad: it threw (cannot decide bad)'),
      },
    ]);
  });

  it('refuses a strategy’s answer that is not a resolution, and goes on', async () => {
    const garbage = defineStrategy('garbage', (incoming) =>
      incoming.record_id === 'bad' ? ({ kind: 'maybe' } as never) : apply,
    );
    const { report } = await sync(
      store,
      { s: [up('pets', 'bad', { v: 1 }), up('pets', 'good', { v: 2 })] },
      { strategy: garbage },
    );
    expect(report.total).toMatchObject({ applied: 1, refused: 1 });
  });

  it('re-decides a refused delta when it is delivered again, and stores its refusal once', async () => {
    const deltas = [up('pets', 'bad', { v: 1 }), up('pets', 'good', { v: 2 })];
    await sync(store, { s: deltas }, { strategy: throwsFor('bad') });
    const again = await sync(store, { s: deltas }, { strategy: throwsFor('bad') });
    expect(again.report.total).toMatchObject({ pulled: 2, duplicates: 1, refused: 1 });
    expect(observe((db) => db.prepare('SELECT count(*) AS n FROM mirror_rejects').get())).toEqual({ n: 1 });
    const fixed = await sync(store, { s: deltas });
    expect(fixed.report.total).toMatchObject({ applied: 1, duplicates: 1, refused: 0 });
    expect(records(store).map((r) => r.record_id)).toEqual(['bad', 'good']);
  });

  it('records a delta the store refuses as refused, and decides later deltas of its record against what is stored', async () => {
    connectionOf(store)
      .exec(`CREATE TRIGGER refuse_v2 BEFORE UPDATE ON mirror_records WHEN json_extract(NEW.payload, '$.v') = 2
                   BEGIN SELECT RAISE(ABORT, 'v = 2 is not allowed here'); END`);
    store.close();
    store = openStore({ path: tmp.path('mirror.db') });
    const { report } = await sync(
      store,
      {
        s: [
          up('pets', '1', { v: 1 }, { minute: 1 }),
          up('pets', '1', { v: 2 }, { minute: 2 }),
          up('pets', '1', { v: 3 }, { minute: 3 }),
          up('pets', '2', { v: 1 }, { minute: 4 }),
          checkpoint('pets', 'done'),
        ],
      },
      { batchSize: 100 },
    );
    expect(report.total).toMatchObject({ pulled: 4, applied: 3, refused: 1 });
    expect(store.readRecord('pets', '1')).toMatchObject({ payload: { v: 3 }, version: 2 });
    expect(store.readCursor('s', 'pets')).toBe('done');
    expect(events(store).map((e) => [e.record_id, e.version])).toEqual([
      ['1', 1],
      ['1', 2],
      ['2', 1],
    ]);
    const rejects = observe((db) => db.prepare('SELECT kind, location, issues FROM mirror_rejects').all());
    expect(rejects).toEqual([
      {
        kind: 'store',
        location: 'delta pets/1',
        issues: expect.stringContaining('v = 2 is not allowed here'),
      },
    ]);
  });

  it('fails the run instead, rolling back the batch, when asked to (onRefusal: fail)', async () => {
    const run = sync(
      store,
      { s: [up('pets', 'ok', { v: 1 }), up('pets', 'bad', { v: 2 }), checkpoint('pets', 'c1')] },
      { strategy: throwsFor('bad'), batchSize: 100, onRefusal: 'fail' },
    );
    await expect(run).rejects.toBeInstanceOf(StrategyError);
    expect(events(store)).toHaveLength(0);
    expect(store.readCursor('s', 'pets')).toBeUndefined();
  });

  it('keeps a refusing custom strategy’s skips as decisions, not refusals', async () => {
    const choosy = defineStrategy('choosy', (incoming) =>
      incoming.record_id === 'no' ? skip('not today') : apply,
    );
    const { report } = await sync(
      store,
      { s: [up('pets', 'no', { v: 1 }), up('pets', 'yes', { v: 1 })] },
      {
        strategy: choosy,
      },
    );
    expect(report.total).toMatchObject({ applied: 1, skipped: 1, refused: 0 });
  });
});

describe('stop is sticky', () => {
  const never = (): ObservableType<SourceEmission> => new Observable<SourceEmission>(() => undefined);

  it('a stop() before run() ends the run at once, with live sources never pulled', async () => {
    let subscribed = false;
    const live = new Observable<SourceEmission>(() => {
      subscribed = true;
    });
    const mirror = createMirror({ store, sources: { live } });
    mirror.stop();
    const report = await mirror.run();
    expect(report.total.pulled).toBe(0);
    expect(subscribed).toBe(false);
  });

  it('run() stops when its AbortSignal aborts, committing what was received', async () => {
    const live = new Subject<SourceEmission>();
    const controller = new AbortController();
    const mirror = createMirror({ store, sources: { live, idle: never() } });
    const run = mirror.run({ signal: controller.signal });
    live.next(up('pets', '1', { v: 1 }));
    live.next(checkpoint('pets', 'c1'));
    controller.abort();
    const report = await run;
    expect(report.total.applied).toBe(1);
    expect(store.readCursor('live', 'pets')).toBe('c1');
  });

  it('run() with an already aborted signal pulls nothing', async () => {
    const mirror = createMirror({ store, sources: { s: from([up('pets', '1', { v: 1 })]) } });
    const report = await mirror.run({ signal: AbortSignal.abort() });
    expect(report.total.pulled).toBe(0);
  });
});

describe('ordering as designed', () => {
  it('ends at the same version whichever order two deltas of one instant arrive in', async () => {
    const fromA = up('pets', '1', { v: 'a' }, { source: 'a' });
    const fromB = up('pets', '1', { v: 'b' }, { source: 'b' });
    const versions: unknown[] = [];
    for (const order of [
      [fromA, fromB],
      [fromB, fromA],
    ]) {
      store.close();
      store = openStore({ path: tmp.path(`order-${versions.length}.db`) });
      await sync(store, { s: order });
      versions.push(store.readRecord('pets', '1'));
    }
    expect(versions[0]).toMatchObject({ payload: { v: 'b' }, version: 2 });
    expect(versions[1]).toMatchObject({ payload: { v: 'b' }, version: 2 });
  });

  it('does not let a fast source make a slow one’s deltas late: their deltas are applied in time order', async () => {
    const fast = new Subject<SourceEmission>();
    const slow = new Subject<SourceEmission>();
    const applied: string[] = [];
    const mirror = createMirror({
      store,
      sources: { fast, slow },
      ordering: { allowedLatenessMs: 0, maxDelayMs: 60_000 },
      batchWaitMs: 1,
    });
    mirror.applied$.subscribe((c) => applied.push(c.delta.record_id));
    const run = mirror.run();
    slow.next(up('pets', 's1', { v: 1 }, { minute: 1 }));
    fast.next(up('pets', 'f1', { v: 1 }, { minute: 50 }));
    slow.next(up('pets', 's2', { v: 1 }, { minute: 2 }));
    fast.next(up('pets', 'f2', { v: 1 }, { minute: 51 }));
    slow.next(up('pets', 's3', { v: 1 }, { minute: 3 }));
    await waitUntil('the slow source’s deltas', () => applied.length >= 2);
    slow.complete();
    fast.complete();
    await run;
    expect(applied).toEqual(['s1', 's2', 's3', 'f1', 'f2']);
  });
});
