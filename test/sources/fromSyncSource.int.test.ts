import { lastValueFrom, toArray } from 'rxjs';
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
});
