import { checkpoint } from '../../src/model/SourceEmission.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { up } from '../support/deltas.js';
import { events, sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();
let store: MirrorStore;
beforeEach(() => {
  store = openStore({ path: tmp.path('mirror.db') });
});
afterEach(() => store.close());

describe('the pipeline’s event-log dedupe (one lookup per new key, per batch)', () => {
  it('drops deltas already in the log from an earlier run, and still stores the cursor that follows them', async () => {
    const deltas = [up('pets', '1', { a: 1 }, { minute: 1 }), up('pets', '2', { b: 2 }, { minute: 2 })];
    await sync(store, { crm: [...deltas, checkpoint('pets', 'page-1')] });

    const again = await sync(store, { crm: [...deltas, checkpoint('pets', 'page-2')] });

    expect(again.report.total).toMatchObject({ pulled: 2, applied: 0, duplicates: 2 });
    expect(events(store)).toHaveLength(2);
    expect(store.readCursor('crm', 'pets')).toBe('page-2');
    expect(again.report.batches).toBe(1);
  });

  it('commits no transaction for a batch made only of deltas already in the log', async () => {
    const deltas = [up('pets', '1', { a: 1 }, { minute: 1 }), up('pets', '2', { b: 2 }, { minute: 2 })];
    await sync(store, { crm: deltas });

    const again = await sync(store, { crm: deltas });

    expect(again.report.total).toMatchObject({ pulled: 2, applied: 0, duplicates: 2 });
    expect(again.report.batches).toBe(0);
    expect(again.changes).toEqual([]);
  });

  it('applies the new deltas of a batch that also holds old ones, in order', async () => {
    const old = up('pets', '1', { a: 1 }, { minute: 1 });
    await sync(store, { crm: [old] });

    const again = await sync(store, {
      crm: [up('pets', '1', { a: 2 }, { minute: 2 }), old, up('pets', '2', { b: 1 }, { minute: 3 })],
    });

    expect(again.report.total).toMatchObject({ pulled: 3, applied: 2, duplicates: 1 });
    expect(again.changes.map((c) => [c.delta.record_id, c.version])).toEqual([
      ['1', 2],
      ['2', 1],
    ]);
    expect(store.readRecord('pets', '1')?.payload).toEqual({ a: 2 });
  });
});

describe('records read back from the store', () => {
  it('expose the stored payload as a plain, enumerable JSON value', async () => {
    await sync(store, { crm: [up('pets', '1', { name: 'Rex', tags: ['a'], nested: { x: null } })] });
    const record = store.readRecord('pets', '1');

    expect(record?.payload).toEqual({ name: 'Rex', nested: { x: null }, tags: ['a'] });
    expect(record?.payload).toBe(record?.payload); // parsed once
    expect(Object.keys(record ?? {})).toContain('payload');
    expect({ ...record }.payload).toEqual({ name: 'Rex', nested: { x: null }, tags: ['a'] });
    expect(JSON.parse(JSON.stringify(record))).toMatchObject({ payload: { name: 'Rex' }, version: 1 });
    expect(store.listRecords('pets')[0]?.payload).toEqual({ name: 'Rex', nested: { x: null }, tags: ['a'] });
  });

  it('give merge strategies the stored payload to merge with', async () => {
    await sync(store, { crm: [up('pets', '1', { a: 1, keep: true }, { minute: 1 })] });
    await sync(store, { crm: [up('pets', '1', { a: 2 }, { minute: 2 })] }, { strategy: mergeJson });
    expect(store.readRecord('pets', '1')?.payload).toEqual({ a: 2, keep: true });
  });
});
