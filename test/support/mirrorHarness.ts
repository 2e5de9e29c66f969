import { from } from 'rxjs';
import type { SourceEmission } from '../../src/model/SourceEmission.js';
import type { AppliedChange } from '../../src/sinks/AppliedBatch.js';
import { createMirror, type CreateMirrorOptions } from '../../src/streams/createMirror.js';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import type { MirrorSource } from '../../src/sources/MirrorSource.js';
import type { SyncSource } from '../../src/sources/SyncSource.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { connectionOf } from '../../src/store/connectionOf.js';

/** Runs one mirror over in-memory sources (arrays or Observables) and returns its report and every applied change. */
export const sync = async (
  store: MirrorStore,
  sources: Record<string, readonly SourceEmission[] | MirrorSource>,
  options: Omit<CreateMirrorOptions, 'store' | 'sources'> = {},
): Promise<{ report: SyncReport; changes: AppliedChange[] }> => {
  const mirror = createMirror({
    store,
    sources: Object.fromEntries(
      Object.entries(sources).map(([id, s]) => [
        id,
        Array.isArray(s) ? from(s as SourceEmission[]) : (s as MirrorSource),
      ]),
    ),
    ...options,
  });
  const changes: AppliedChange[] = [];
  // run() rejects with the same error; applied$ errors too, so it needs an error handler here.
  mirror.applied$.subscribe({ next: (c) => changes.push(c), error: () => undefined });
  const report = await mirror.run();
  return { report, changes };
};

/** Every event of the log, oldest first, as plain rows. */
export const events = (store: MirrorStore): Record<string, unknown>[] =>
  connectionOf(store).prepare('SELECT * FROM mirror_events ORDER BY seq').all() as Record<string, unknown>[];

/** Every record, ordered, as plain rows (the exact stored payload text included). */
export const records = (store: MirrorStore): Record<string, unknown>[] =>
  connectionOf(store)
    .prepare(
      'SELECT resource, record_id, payload, source, confidence, version FROM mirror_records ORDER BY resource, record_id',
    )
    .all() as Record<string, unknown>[];

/**
 * Starts a mirror that polls one pull-based source every 20 ms (short batch and ordering waits), for
 * tests that change the source while it runs. `applied()` counts the changes committed so far; stop
 * with `mirror.stop()`, then await `run`.
 */
export const startLive = (store: MirrorStore, id: string, source: SyncSource) => {
  const mirror = createMirror({
    store,
    batchWaitMs: 10,
    ordering: { maxDelayMs: 10 },
    sources: {
      [id]: fromSyncSource(source, { mode: 'live', pollIntervalMs: 20 }),
    },
  });
  let applied = 0;
  mirror.applied$.subscribe(() => (applied += 1));
  return { mirror, run: mirror.run(), applied: () => applied };
};
