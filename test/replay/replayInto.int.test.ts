import { lastValueFrom, toArray } from 'rxjs';
import { ReplayDivergedError } from '../../src/errors/ReplayDivergedError.js';
import { eventLog } from '../../src/replay/eventLog.js';
import { replayInto } from '../../src/replay/replayInto.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { del, up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { historyChains } from '../support/historyChains.js';
import { useTempDir } from '../support/tempDir.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const tmp = useTempDir();

describe('replay', () => {
  it('copies cursors and rejects, and refuses a target that already has events', async () => {
    const from = openStore({ path: tmp.path('a.db') });
    const into = openStore({ path: tmp.path('b.db') });
    await sync(from, {
      s: [
        up('pets', '1', { a: 1 }),
        { kind: 'checkpoint', resource: 'pets', cursor: 'c9' },
        { kind: 'reject', location: 'line 3', input: 'x', issues: [] },
      ],
    });
    await replayInto({ from, into });
    expect(into.readCursor('s', 'pets')).toBe('c9');
    expect(connectionOf(into).prepare('SELECT location FROM mirror_rejects').all()).toEqual([
      { location: 'line 3' },
    ]);
    await expect(replayInto({ from, into })).rejects.toThrow(/into: replay needs a fresh mirror/);
    from.close();
    into.close();
  });

  it('fails loudly, naming the event, when a strategy no longer decides as logged', async () => {
    const from = openStore({ path: IN_MEMORY });
    const into = openStore({ path: IN_MEMORY });
    const flaky = { name: 'flaky', resolve: () => ({ kind: 'apply' as const }) };
    await sync(
      from,
      { s: [up('pets', '1', { a: 1 }, { minute: 1 }), up('pets', '1', { a: 2 }, { minute: 2 })] },
      { strategy: flaky },
    );
    const changed = { name: 'flaky', resolve: () => ({ kind: 'skip' as const, reason: 'changed my mind' }) };
    const replay = replayInto({ from, into, strategies: [changed] });
    await expect(replay).rejects.toBeInstanceOf(ReplayDivergedError);
    await expect(
      replayInto({ from, into: openStore({ path: IN_MEMORY }), strategies: [changed] }),
    ).rejects.toThrow(
      /replay diverged at event 1: the log says "applied v1", the strategy now answers "skipped v-"/,
    );
  });

  it('rebuilds every record’s history chain as the log has it: skips, deletes, repeats in one batch', async () => {
    const from = openStore({ path: IN_MEMORY });
    const into = openStore({ path: IN_MEMORY });
    await sync(from, {
      s: [
        up('pets', '1', { a: 1 }, { minute: 1 }),
        up('pets', '1', { a: 2 }, { minute: 2 }), // the same record again, in the same batch
        up('pets', '2', { a: 1 }, { minute: 3 }),
      ],
    });
    await sync(from, {
      s: [
        up('pets', '1', { a: 0 }, { minute: 0 }), // older: skipped, and still the head of its chain
        del('pets', '2', { minute: 4 }),
        up('pets', '3', { a: 3 }, { minute: 5 }),
      ],
    });
    await sync(from, {
      s: [up('pets', '2', { a: 5 }, { minute: 6 }), up('pets', '1', { a: 6 }, { minute: 7 })],
    });
    await replayInto({ from, into });
    const prevSeqs = (store: typeof from): unknown[] =>
      connectionOf(store).prepare('SELECT seq, prev_seq FROM mirror_events ORDER BY seq').all();
    expect(prevSeqs(into)).toEqual(prevSeqs(from));
    expect(historyChains(into)).toEqual(historyChains(from));
    expect(historyChains(into)).toEqual({ 'pets/1': [8, 4, 2, 1], 'pets/2': [7, 5, 3], 'pets/3': [6] });
  });

  it('exposes the log as an Observable from a sequence number, for projections of one’s own', async () => {
    const store = openStore({ path: IN_MEMORY });
    await sync(store, {
      s: [
        up('pets', '1', { a: 1 }, { minute: 1 }),
        up('pets', '2', { a: 2 }, { minute: 2 }),
        del('pets', '1', { minute: 3 }),
      ],
    });
    const all = await lastValueFrom(eventLog(store, { pageSize: 2 }).pipe(toArray()));
    expect(all.map((e) => [e.seq, e.delta.record_id, e.delta.op, e.decision])).toEqual([
      [1, '1', 'upsert', 'applied'],
      [2, '2', 'upsert', 'applied'],
      [3, '1', 'delete', 'applied'],
    ]);
    const tail = await lastValueFrom(eventLog(store, { afterSeq: 2 }).pipe(toArray()));
    expect(tail.map((e) => e.seq)).toEqual([3]);
  });
});
