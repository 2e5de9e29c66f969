import { SourceTimeoutError } from '../../src/errors/SourceTimeoutError.js';
import type { PullContext, SyncSource } from '../../src/sources/SyncSource.js';
import { pullFirstPage } from '../../src/check/pullFirstPage.js';

describe('pullFirstPage', () => {
  it('pulls once from no cursor and hands back the page', async () => {
    const cursors: (string | undefined)[] = [];
    const source: SyncSource = {
      resource: 'pets',
      pull: (cursor) => {
        cursors.push(cursor);
        return Promise.resolve({ emissions: [], cursor: 'c1', hasMore: true });
      },
    };
    const pulled = await pullFirstPage(source, 'petdb', { timeoutMs: 60_000, logger: undefined });
    expect(pulled).toEqual({ page: { emissions: [], cursor: 'c1', hasMore: true } });
    expect(cursors).toEqual([undefined]);
  });

  it('a pull that never settles ends in a SourceTimeoutError after timeoutMs, its signal aborted', async () => {
    let context: PullContext | undefined;
    const source: SyncSource = {
      resource: 'pets',
      pull: (_cursor, c) => {
        context = c;
        return new Promise(() => {}); // ignores its signal too
      },
    };
    const pulled = await pullFirstPage(source, 'petdb', { timeoutMs: 20, logger: undefined });
    expect('error' in pulled && pulled.error).toBeInstanceOf(SourceTimeoutError);
    expect(context?.signal.aborted).toBe(true);
  });

  it('a failing pull hands back its error', async () => {
    const boom = new Error('boom');
    const source: SyncSource = { resource: 'pets', pull: () => Promise.reject(boom) };
    expect(await pullFirstPage(source, 'petdb', { timeoutMs: 60_000, logger: undefined })).toEqual({
      error: boom,
    });
  });
});
