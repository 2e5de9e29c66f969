import { lastValueFrom, tap, toArray } from 'rxjs';
import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { SourceProtocolError } from '../../src/errors/SourceProtocolError.js';
import type { Page, SyncSource } from '../../src/sources/SyncSource.js';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { up } from '../support/deltas.js';
import { sourceContext } from '../support/sourceContext.js';

/** A source over a fixed list of records, `pageSize` per page; the cursor is the next index. */
const listSource = (
  ids: readonly string[],
  pageSize: number,
  pulls: (string | undefined)[] = [],
): SyncSource => ({
  resource: 'pets',
  pull: (cursor) => {
    pulls.push(cursor);
    const start = cursor === undefined ? 0 : Number(cursor);
    const slice = ids.slice(start, start + pageSize);
    const end = start + slice.length;
    return Promise.resolve<Page>({
      emissions: slice.map((id, i) => up('pets', id, { i: start + i }, { minute: start + i })),
      cursor: String(end),
      hasMore: end < ids.length,
    });
  },
});

describe('fromSyncSource', () => {
  it('pulls a paginated source until it has no more, stores the final cursor, and resumes from it (original #17)', async () => {
    const store = openStore({ path: IN_MEMORY });
    const pulls: (string | undefined)[] = [];
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const source = listSource(ids, 2, pulls);
    const run = () =>
      createMirror({
        store,
        sources: { api: fromSyncSource(source) },
      }).run();
    const first = await run();
    expect(first.total.applied).toBe(5);
    expect(pulls).toEqual([undefined, '2', '4']);
    expect(store.readCursor('api', 'pets')).toBe('5');
    pulls.length = 0;
    const second = await run();
    expect(pulls).toEqual(['5']);
    expect(second.total.pulled).toBe(0);
    store.close();
  });

  it.each([0, 3])(
    'refuses a page of %p items that claims more without moving the cursor, instead of looping forever',
    async (n) => {
      const stuck: SyncSource = {
        resource: 'pets',
        pull: () =>
          Promise.resolve({
            emissions: Array.from({ length: n }, (_, i) => up('pets', `p${i}`, { i })),
            cursor: '7',
            hasMore: true,
          }),
      };
      const items = lastValueFrom(fromSyncSource(stuck)(sourceContext({ pets: '7' }, 'api')).pipe(toArray()));
      await expect(items).rejects.toBeInstanceOf(SourceProtocolError);
      await expect(items).rejects.toThrow(
        `source "api" (pets) at cursor 7: a page (${n} items) claims more but the cursor did not move; pulling it again would return it again`,
      );
    },
  );

  it('aborts the pull in flight when unsubscribed', async () => {
    let signal: AbortSignal | undefined;
    const slow: SyncSource = {
      resource: 'pets',
      pull: (_cursor, context) => {
        signal = context.signal;
        return new Promise<Page>(() => undefined);
      },
    };
    const subscription = fromSyncSource(slow)(sourceContext()).subscribe();
    await Promise.resolve();
    expect(signal?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
  });

  it("starts the next page's pull before handing a page on, and holds at most one page ahead", async () => {
    const log: string[] = [];
    const source = listSource(['a', 'b', 'c', 'd', 'e', 'f'], 2);
    const logged: SyncSource = {
      resource: source.resource,
      pull: (cursor, context) => {
        log.push(`pull ${cursor ?? 'start'}`);
        return source.pull(cursor, context);
      },
    };
    await lastValueFrom(
      fromSyncSource(logged)(sourceContext()).pipe(
        tap((item) => {
          if ('kind' in item && item.kind === 'checkpoint') log.push(`checkpoint ${item.cursor}`);
        }),
        toArray(),
      ),
    );
    // Each page's successor is asked for before the page reaches the mirror, and not earlier: while
    // page 2 is handed on, page 3 is on its way, page 4 does not exist yet.
    expect(log).toEqual(['pull start', 'pull 2', 'checkpoint 2', 'pull 4', 'checkpoint 4', 'checkpoint 6']);
  });

  it('aborts a pull started ahead when unsubscribed before its turn', async () => {
    const signals: AbortSignal[] = [];
    const source: SyncSource = {
      resource: 'pets',
      pull: (cursor, context) => {
        signals.push(context.signal);
        if (cursor === undefined) {
          return Promise.resolve({ emissions: [up('pets', 'a', {})], cursor: '1', hasMore: true });
        }
        return new Promise<Page>(() => undefined); // the page ahead never comes
      },
    };
    const seen: unknown[] = [];
    const subscription = fromSyncSource(source)(sourceContext()).subscribe((item) => seen.push(item));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toHaveLength(2); // page 1 and its checkpoint, handed on while page 2 is pulled
    expect(signals).toHaveLength(2);
    expect(signals[1]?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(signals[1]?.aborted).toBe(true);
  });

  it('hands on the page before a pull started ahead fails, then fails with its error', async () => {
    const failure = new Error('503 from the API');
    const source: SyncSource = {
      resource: 'pets',
      pull: (cursor) =>
        cursor === undefined
          ? Promise.resolve({ emissions: [up('pets', 'a', {})], cursor: '1', hasMore: true })
          : Promise.reject(failure),
    };
    const seen: string[] = [];
    const done = lastValueFrom(
      fromSyncSource(source)(sourceContext()).pipe(
        tap((item) =>
          seen.push(
            !('kind' in item)
              ? `delta ${item.record_id}`
              : item.kind === 'checkpoint'
                ? `checkpoint ${item.cursor}`
                : 'reject',
          ),
        ),
      ),
    );
    await expect(done).rejects.toBe(failure);
    expect(seen).toEqual(['delta a', 'checkpoint 1']);
  });

  it('refuses a pullTimeoutMs above the longest timer Node.js sets, which would time every pull out at once', () => {
    const source = listSource(['a'], 1);
    let refusal: unknown;
    try {
      fromSyncSource(source, { pullTimeoutMs: 2 ** 31 });
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(InvalidOptionsError);
    expect(refusal).toMatchObject({
      option: 'pullTimeoutMs',
      message: expect.stringMatching(/^pullTimeoutMs: expected at most 2147483647 milliseconds/),
    });
    expect(() => fromSyncSource(source, { pullTimeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });
});
