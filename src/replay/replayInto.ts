import { concatMap, from, lastValueFrom, map, reduce, tap } from 'rxjs';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { ReplayDivergedError } from '../errors/ReplayDivergedError.js';
import type { DeltaItem } from '../model/MirrorItem.js';
import { resolveConflicts } from '../operators/resolveConflicts.js';
import { sqliteSink } from '../sinks/sqliteSink.js';
import type { ConflictStrategy } from '../strategies/ConflictStrategy.js';
import { strategyByName } from '../strategies/selectStrategy.js';
import type { LoggedEvent } from '../store/LoggedEvent.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import { bufferEventsByCommit } from './bufferEventsByCommit.js';
import { eventLog } from './eventLog.js';

export interface ReplayIntoOptions {
  readonly from: MirrorStore;
  /** A fresh mirror: it must hold no events yet. */
  readonly into: MirrorStore;
  /** Custom strategies the log names, besides the built-in ones. */
  readonly strategies?: readonly ConflictStrategy[];
}

export interface ReplayResult {
  readonly events: number;
  readonly records: number;
}

/**
 * Rebuilds a mirror from another's event log alone: every event, in order and in its original
 * transactions (same commit time), goes through the strategy the log names, against the rebuilt
 * state. Each decision must match the logged one, else {@link ReplayDivergedError}. The result has
 * the same event log and the same records, byte for byte in `payload`, with the same versions.
 * The cursors and rejects are copied at the end, since they are not events.
 */
export const replayInto = async (options: ReplayIntoOptions): Promise<ReplayResult> => {
  const { into } = options;
  if (into.countEvents() !== 0) {
    throw new InvalidOptionsError(
      'into',
      into.path,
      'replay needs a fresh mirror, and this one already has events',
    );
  }
  const logged = new Map<string, LoggedEvent>();
  const strategyFor = (_resource: string, item: DeltaItem): ConflictStrategy =>
    strategyByName((logged.get(item.key) as LoggedEvent).strategy, options.strategies);

  const events = await lastValueFrom(
    eventLog(options.from).pipe(
      bufferEventsByCommit(1_000),
      map((batch) => {
        logged.clear();
        for (const e of batch) logged.set(e.key, e);
        return batch.map((e): DeltaItem => ({
          kind: 'delta',
          source: e.source,
          delta: e.delta,
          key: e.key,
          payloadJson: e.payloadJson,
        }));
      }),
      resolveConflicts({
        strategyFor,
        readRecord: into.readRecord,
        readTombstone: into.readTombstone,
        stampBatch: (batch) => (logged.get((batch[0] as DeltaItem).key) as LoggedEvent).committedAt,
        // A logged delta was decided once: a strategy that cannot decide it now is a divergence.
        onRefusal: 'fail',
      }),
      tap((batch) => {
        for (const d of batch.items) {
          if (d.kind !== 'decided') continue;
          const e = logged.get(d.item.key) as LoggedEvent;
          const was = `${e.decision} v${e.version ?? '-'}`;
          const now = `${d.decision} v${d.version ?? '-'}`;
          if (was !== now) throw new ReplayDivergedError(e.seq, was, now);
        }
      }),
      sqliteSink(into, { onRefusal: 'fail' }),
      concatMap((batch) => from([batch.changes.length])),
      reduce((n, k) => n + k, 0),
    ),
    { defaultValue: 0 },
  );
  copyCursorsAndRejects(options.from, into);
  return { events, records: Object.values(into.countByResource()).reduce((a, b) => a + b, 0) };
};

const copyCursorsAndRejects = (fromStore: MirrorStore, into: MirrorStore): void => {
  const cursors = fromStore.db
    .prepare('SELECT source, resource, cursor, updated_at FROM mirror_cursors')
    .all();
  const rejects = fromStore.db
    .prepare(
      'SELECT id, reject_key, kind, source_id, location, input, issues, rejected_at FROM mirror_rejects ORDER BY id',
    )
    .all();
  const insertCursor = into.db.prepare(
    'INSERT INTO mirror_cursors (source, resource, cursor, updated_at) VALUES (@source, @resource, @cursor, @updated_at)',
  );
  const insertReject = into.db.prepare(
    `INSERT INTO mirror_rejects (id, reject_key, kind, source_id, location, input, issues, rejected_at)
     VALUES (@id, @reject_key, @kind, @source_id, @location, @input, @issues, @rejected_at)`,
  );
  into.db.transaction(() => {
    for (const c of cursors) insertCursor.run(c);
    for (const r of rejects) insertReject.run(r);
  })();
};
