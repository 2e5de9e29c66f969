import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SourceFailedError } from '../../src/errors/SourceFailedError.js';
import { SourceTimeoutError } from '../../src/errors/SourceTimeoutError.js';
import type { Delta } from '../../src/model/Delta.js';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import type { SyncSource } from '../../src/sources/SyncSource.js';
import { createMirror } from '../../src/streams/createMirror.js';
import { openStore } from '../../src/store/openStore.js';
import { up } from '../support/deltas.js';
import { startHttpServer, type TestServer } from '../support/httpServer.js';
import { deltaLines } from '../support/ndjson.js';
import { makeRecords, recordsApi } from '../support/recordsApi.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import {
  expectConsistentAfterFault,
  httpSinceCursorCovered,
  ndjsonCursorCovered,
} from '../support/expectConsistentAfterFault.js';

const tmp = useTempDir();
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const httpSource = (id: string, url: string, resource: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'http',
  baseUrl: url,
  ...extra,
  resources: [
    {
      name: resource,
      url: '/items',
      items: 'data',
      id: 'id',
      occurredAt: 'updated_at',
      since: { param: 'updated_since' },
      paging: { type: 'cursor', next: 'meta.next' },
    },
  ],
});

describe('a source that hangs forever', () => {
  it('sync: its request timeout fires, it fails alone, and the other sources are mirrored whole with their cursors', async () => {
    const stuck = await startHttpServer(() => new Promise<void>(() => undefined)); // accepts, never answers
    const records = makeRecords(500);
    const crm = await startHttpServer(recordsApi(() => records, 'cursor', 50));
    servers.push(stuck, crm);
    const feed = tmp.path('feed.ndjson');
    const lines = deltaLines(2_000, 700, 'events');
    writeFileSync(feed, `${lines.join('\n')}\n`);
    const config = tmp.path('mirror.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        db: 'mirror.db',
        sources: [
          httpSource('stuck', stuck.url, 'tickets', { timeoutMs: 300, retry: { limit: 1, baseDelayMs: 10 } }),
          httpSource('crm', crm.url, 'contacts'),
          { id: 'feed', type: 'ndjson', path: 'feed.ndjson' },
        ],
      }),
    );

    const run = await spawnCli(['sync', '--config', config, '--once', '--json']).done;
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /source "stuck" failed: .*no complete response within 300 ms.*\[SOURCE_FAILED\]/,
    );
    expect(stuck.requests).toHaveLength(2); // the first attempt and its one retry

    const db = new Database(tmp.path('mirror.db'), { readonly: true });
    try {
      const count = db.prepare('SELECT count(*) FROM mirror_records WHERE resource = ?').pluck();
      expect(count.get('contacts')).toBe(500);
      expect(count.get('events')).toBe(700 - 7); // 7 of them end deleted (every 97th delta is a delete)
      expect(count.get('tickets')).toBe(0);
      const cursors = db.prepare('SELECT source FROM mirror_cursors ORDER BY source').pluck().all();
      expect(cursors).toEqual(['crm', 'feed']); // none for the stuck source: nothing of it was applied
    } finally {
      db.close();
    }
    const covered = {
      crm: httpSinceCursorCovered(() => records),
      feed: ndjsonCursorCovered(feed),
    } as const;
    await expectConsistentAfterFault(tmp.path('mirror.db'), {
      cursorCovered: (cursor, c) => covered[cursor.source as keyof typeof covered](cursor, c),
    });
  });

  it('library: a pull that never settles is aborted at pullTimeoutMs, while another source flows and commits meanwhile', async () => {
    const store = openStore({ path: tmp.path('lib.db') });
    let stuckSignal: AbortSignal | undefined;
    const stuck: SyncSource = {
      resource: 'tickets',
      pull: (_cursor, { signal }) => {
        stuckSignal = signal;
        return new Promise(() => undefined);
      },
    };
    const pages = 20;
    const flowing: SyncSource = {
      resource: 'orders',
      pull: (cursor) => {
        const page = cursor === undefined ? 0 : Number(cursor);
        const emissions: Delta[] = Array.from({ length: 50 }, (_, i) =>
          up('orders', `o${page * 50 + i}`, { page }, { source: 'flowing', minute: page }),
        );
        return Promise.resolve({ emissions, cursor: String(page + 1), hasMore: page + 1 < pages });
      },
    };
    const options = { pullTimeoutMs: 4_000 };
    const mirror = createMirror({
      store,
      sources: { stuck: fromSyncSource(stuck, options), flowing: fromSyncSource(flowing, options) },
    });
    const appliedWhileStuck: boolean[] = [];
    mirror.applied$.subscribe({
      next: () => appliedWhileStuck.push(stuckSignal?.aborted === false),
      error: () => undefined,
    });
    try {
      const failure = await mirror.run().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(SourceFailedError);
      const cause = (failure as SourceFailedError).failures.get('stuck');
      expect(cause).toBeInstanceOf(SourceTimeoutError);
      expect(cause).toMatchObject({ code: 'SOURCE_TIMEOUT', source: 'stuck', timeoutMs: 4_000 });
      expect((cause as Error).message).toBe(
        'source "stuck" (tickets) at cursor (start): the pull did not settle within 4000 ms (pullTimeoutMs); aborted',
      );
      expect(stuckSignal?.aborted).toBe(true); // the hung pull was told to stop
      expect(appliedWhileStuck).toHaveLength(pages * 50);
      expect(appliedWhileStuck.every(Boolean)).toBe(true); // all of it committed before the timeout fired
      expect(store.readCursor('flowing', 'orders')).toBe(String(pages));
      expect(store.readCursor('stuck', 'tickets')).toBeUndefined();
    } finally {
      store.close();
    }
    await expectConsistentAfterFault(tmp.path('lib.db'));
  });
});
