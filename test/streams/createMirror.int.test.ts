import Database from 'better-sqlite3';
import { Observable, Subject, concat, from, of } from 'rxjs';
import { DecodeError } from '../../src/errors/DecodeError.js';
import { SourceFailedError } from '../../src/errors/SourceFailedError.js';
import { StrategyError } from '../../src/errors/StrategyError.js';
import { checkpoint, rejection, type SourceEmission } from '../../src/model/SourceEmission.js';
import { highestConfidence } from '../../src/strategies/highestConfidence.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { del, up } from '../support/deltas.js';
import { events, records, sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const tmp = useTempDir();
let store: MirrorStore;
beforeEach(() => {
  store = openStore({ path: tmp.path('mirror.db') });
});
afterEach(() => store.close());

describe('the mirror, end to end on a real SQLite file', () => {
  it('creates a record at version 1 with the delta’s source and confidence (original #5)', async () => {
    await sync(store, { crm: [up('pets', '1', { name: 'Rex' }, { source: 'crm', confidence: 0.7 })] });
    expect(store.readRecord('pets', '1')).toMatchObject({
      payload: { name: 'Rex' },
      source: 'crm',
      confidence: 0.7,
      version: 1,
    });
  });

  it('raises the version and takes the newer payload and source (original #6)', async () => {
    await sync(store, { a: [up('pets', '1', { name: 'Rex' }, { source: 'a', minute: 1 })] });
    await sync(store, { b: [up('pets', '1', { name: 'Max' }, { source: 'b', minute: 2 })] });
    expect(store.readRecord('pets', '1')).toMatchObject({
      payload: { name: 'Max' },
      source: 'b',
      version: 2,
    });
  });

  it('logs a skipped delta without touching the record (original #7, #18)', async () => {
    const { report } = await sync(
      store,
      {
        s: [
          up('pets', '1', { v: 'sure' }, { confidence: 0.9, minute: 1 }),
          up('pets', '1', { v: 'unsure' }, { confidence: 0.1, minute: 2 }),
        ],
      },
      { strategy: highestConfidence },
    );
    expect(report.total).toMatchObject({ pulled: 2, applied: 1, skipped: 1 });
    expect(store.readRecord('pets', '1')?.payload).toEqual({ v: 'sure' });
    expect(events(store).map((e) => e.decision)).toEqual(['applied', 'skipped']);
  });

  it('merges onto an existing record, keeping old fields (original #8)', async () => {
    await sync(store, { s: [up('pets', '1', { a: 1, nested: { x: 1 } }, { minute: 1 })] });
    await sync(
      store,
      { s: [up('pets', '1', { b: 2, nested: { y: 2 } }, { minute: 2 })] },
      { strategy: mergeJson },
    );
    expect(store.readRecord('pets', '1')).toMatchObject({
      payload: { a: 1, b: 2, nested: { x: 1, y: 2 } },
      version: 2,
    });
    expect(events(store)[1]).toMatchObject({
      decision: 'merged',
      result_payload: '{"a":1,"b":2,"nested":{"x":1,"y":2}}',
    });
  });

  it('deletes the record and keeps both events (original #9)', async () => {
    await sync(store, { s: [up('pets', '1', { a: 1 }, { minute: 1 }), del('pets', '1', { minute: 2 })] });
    expect(store.readRecord('pets', '1')).toBeUndefined();
    expect(events(store).map((e) => e.op)).toEqual(['upsert', 'delete']);
  });

  it('does not resurrect a deleted record with a late, older upsert (last-write-wins over tombstones)', async () => {
    await sync(store, { s: [up('pets', '1', { a: 1 }, { minute: 1 }), del('pets', '1', { minute: 3 })] });
    await sync(store, { s: [up('pets', '1', { a: 2 }, { minute: 2 })] });
    expect(store.readRecord('pets', '1')).toBeUndefined();
    await sync(store, { s: [up('pets', '1', { a: 3 }, { minute: 4 })] });
    expect(store.readRecord('pets', '1')).toMatchObject({ payload: { a: 3 }, version: 3 });
  });

  it('reports pulled 2, applied 2, skipped 0 and lists both records (original #16)', async () => {
    const { report } = await sync(store, { s: [up('pets', '1', { a: 1 }), up('pets', '2', { a: 2 })] });
    expect(report.total).toMatchObject({ pulled: 2, applied: 2, skipped: 0 });
    expect(report.bySource.s).toMatchObject({ pulled: 2, applied: 2 });
    expect(report.byResource.pets).toMatchObject({ pulled: 2, applied: 2 });
    expect(store.listRecords('pets').map((r) => r.record_id)).toEqual(['1', '2']);
    expect(store.listResources()).toEqual([expect.objectContaining({ resource: 'pets', records: 2 })]);
    expect(store.countByResource()).toEqual({ pets: 2 });
  });

  it('stores a paginated source’s final cursor and reports it (original #13, #17, #19)', async () => {
    const pages: SourceEmission[] = [
      up('pets', '1', { a: 1 }),
      checkpoint('pets', 'page-1'),
      up('pets', '2', { a: 2 }),
      checkpoint('pets', 'page-2'),
    ];
    const { report } = await sync(store, { api: pages });
    expect(store.readCursor('api', 'pets')).toBe('page-2');
    expect(store.readCursor('api', 'owners')).toBeUndefined();
    expect(report.cursors).toEqual([{ source: 'api', resource: 'pets', cursor: 'page-2' }]);
  });

  it('emits each change on applied$ only after its transaction committed (original #15)', async () => {
    const observer = new Database(tmp.path('mirror.db'), { readonly: true });
    const seenCommitted: boolean[] = [];
    const mirror = createMirror({
      store,
      sources: { s: from([up('pets', '1', { a: 1 }), up('pets', '2', { a: 2 })]) },
    });
    mirror.applied$.subscribe((change) => {
      const row = observer
        .prepare('SELECT version FROM mirror_records WHERE resource = ? AND record_id = ?')
        .get('pets', change.delta.record_id);
      seenCommitted.push(row !== undefined);
    });
    await mirror.run();
    observer.close();
    expect(seenCommitted).toEqual([true, true]);
  });

  it('drops a delta delivered twice, within a run and across runs, with no second event', async () => {
    const d = up('pets', '1', { a: 1 });
    const first = await sync(store, { s: [d, d] });
    const again = await sync(store, { s: [d] }, { strategy: highestConfidence });
    expect(first.report.total).toMatchObject({ pulled: 2, applied: 1, duplicates: 1 });
    expect(again.report.total).toMatchObject({ pulled: 1, applied: 0, duplicates: 1 });
    expect(events(store)).toHaveLength(1);
    expect(store.readRecord('pets', '1')?.version).toBe(1);
  });

  it('decides against earlier deltas of the same uncommitted batch', async () => {
    const { report } = await sync(
      store,
      {
        s: [
          up('pets', '1', { a: 1 }, { minute: 1 }),
          up('pets', '1', { b: 2 }, { minute: 2 }),
          up('pets', '1', { c: 3 }, { minute: 3 }),
        ],
      },
      { strategy: mergeJson, batchSize: 100 },
    );
    expect(report.batches).toBe(1);
    expect(store.readRecord('pets', '1')).toMatchObject({ payload: { a: 1, b: 2, c: 3 }, version: 3 });
  });

  it('keeps rejected input in mirror_rejects and counts it', async () => {
    const { report } = await sync(store, {
      file: [
        up('pets', '1', { a: 1 }),
        rejection('line 2', '{oops', [{ path: '', reason: 'not valid JSON' }]),
      ],
    });
    expect(report.total).toMatchObject({ applied: 1, rejected: 1 });
    expect(
      connectionOf(store).prepare('SELECT source_id, location, input FROM mirror_rejects').all(),
    ).toEqual([{ source_id: 'file', location: 'line 2', input: '{oops' }]);
  });

  it('clamps confidence into [0, 1] before storing', async () => {
    await sync(store, { s: [{ ...up('pets', '1', { a: 1 }), provenance: { source: 's', confidence: 7 } }] });
    expect(store.readRecord('pets', '1')?.confidence).toBe(1);
  });

  it('rolls back the whole batch when a strategy throws, and errors the run (onRefusal: fail)', async () => {
    const boom = {
      name: 'boom',
      resolve: () => {
        throw new Error('kaput');
      },
    };
    const run = sync(
      store,
      { s: [up('pets', '1', { a: 1 }), up('owners', '1', { a: 1 }), checkpoint('owners', 'c1')] },
      {
        strategyFor: { owners: boom },
        batchSize: 100,
        onRefusal: 'fail',
      },
    );
    await expect(run).rejects.toBeInstanceOf(StrategyError);
    await expect(run).rejects.toThrow(/strategy boom failed for owners\/1: it threw/);
    expect(events(store)).toHaveLength(0);
    expect(records(store)).toHaveLength(0);
    expect(store.readCursor('s', 'owners')).toBeUndefined();
  });

  it('rolls back a batch that fails inside SQLite, leaving nothing of it, seen from a second connection (onRefusal: fail)', async () => {
    connectionOf(store)
      .exec(`CREATE TRIGGER fail_on_owner BEFORE INSERT ON mirror_records WHEN NEW.resource = 'owners'
                   BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const run = sync(
      store,
      {
        s: [
          up('pets', '1', { a: 1 }),
          up('pets', '2', { a: 1 }),
          up('owners', '1', { a: 1 }),
          checkpoint('pets', 'c'),
        ],
      },
      { batchSize: 100, onRefusal: 'fail' },
    );
    await expect(run).rejects.toThrow(/injected failure/);
    const second = new Database(tmp.path('mirror.db'), { readonly: true });
    expect(second.prepare('SELECT count(*) AS n FROM mirror_events').get()).toEqual({ n: 0 });
    expect(second.prepare('SELECT count(*) AS n FROM mirror_records').get()).toEqual({ n: 0 });
    expect(second.prepare('SELECT count(*) AS n FROM mirror_cursors').get()).toEqual({ n: 0 });
    second.close();
  });

  it('lets the other sources finish when one fails, then fails the run naming the source', async () => {
    const failing = concat(
      of<SourceEmission>(up('pets', '1', { a: 1 })),
      new Observable<SourceEmission>((s) =>
        s.error(new DecodeError('page 2', [{ path: 'items', reason: 'bad' }], null)),
      ),
    );
    const run = sync(store, { bad: failing, good: [up('pets', '2', { a: 2 }), checkpoint('pets', 'done')] });
    await expect(run).rejects.toBeInstanceOf(SourceFailedError);
    await expect(run).rejects.toThrow(/source "bad" failed: page 2: items: bad/);
    expect(store.listRecords('pets').map((r) => r.record_id)).toEqual(['1', '2']);
    expect(store.readCursor('good', 'pets')).toBe('done');
  });

  it('runs only the sources asked for, and refuses an unknown source id by name (original #20)', async () => {
    const { report } = await sync(
      store,
      { crm: [up('pets', '1', { a: 1 })], shop: [up('pets', '2', { a: 2 })] },
      { only: ['shop'] },
    );
    expect(Object.keys(report.bySource)).toEqual(['shop']);
    expect(store.listRecords('pets').map((r) => r.record_id)).toEqual(['2']);
    expect(() => createMirror({ store, sources: { crm: from([]) }, only: ['billing'] })).toThrow(
      'unknown source "billing"; configured sources: crm',
    );
  });

  it('stop() commits what was received, then run() resolves', async () => {
    const live = new Subject<SourceEmission>();
    const mirror = createMirror({ store, sources: { live } });
    const done = mirror.run();
    live.next(up('pets', '1', { a: 1 }));
    live.next(checkpoint('pets', 'c1'));
    mirror.stop();
    const report = await done;
    expect(report.total.applied).toBe(1);
    expect(store.readCursor('live', 'pets')).toBe('c1');
  });

  it('never writes a cursor before the deltas it covers, even when ordering holds them back', async () => {
    // The checkpoint arrives right after a delta whose occurred_at keeps it in the reorder buffer.
    const seen: string[] = [];
    const mirror = createMirror({
      store,
      sources: {
        s: from([
          up('pets', '1', { a: 1 }, { minute: 5 }),
          checkpoint('pets', 'c1'),
          up('pets', '2', { a: 2 }, { minute: 1 }),
        ]),
      },
      batchSize: 1,
      ordering: { allowedLatenessMs: 3_600_000 },
    });
    mirror.applied$.subscribe((c) =>
      seen.push(`${c.delta.record_id}:${store.readCursor('s', 'pets') ?? '-'}`),
    );
    await mirror.run();
    expect(seen).toEqual(['2:-', '1:-']);
    expect(store.readCursor('s', 'pets')).toBe('c1');
  });
});
