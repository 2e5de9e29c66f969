import { concatMap, from, lastValueFrom, map, reduce } from 'rxjs';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { UnknownStrategyError } from '../errors/UnknownStrategyError.js';
import type { DecidedBatch } from '../model/DecidedBatch.js';
import type { DeltaItem } from '../model/MirrorItem.js';
import { conflictResolver, type ConflictResolver } from '../operators/resolveConflicts.js';
import { sqliteSink } from '../sinks/sqliteSink.js';
import type { ConflictStrategy } from '../strategies/ConflictStrategy.js';
import { strategyByName } from '../strategies/selectStrategy.js';
import type { LoggedEvent } from '../store/LoggedEvent.js';
import { connectionOf } from '../store/connectionOf.js';
import { listCursors } from '../store/listCursors.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import { copyRejects } from '../store/statements/copyRejects.js';
import { prepareInsertCursor } from '../store/statements/insertCursor.js';
import { prepareReadRecordState } from '../store/statements/readRecordState.js';
import { bufferEventsByCommit } from './bufferEventsByCommit.js';
import { checkDecision } from './checkDecision.js';
import { eventLog } from './eventLog.js';
import { loggedDecisionStrategy } from './loggedDecisionStrategy.js';
import { countCoverage, type ReplayCoverage } from './ReplayCoverage.js';

/**
 * What replay does with an event whose strategy is neither built in nor given: `'fail'` refuses it;
 * `'applyLogged'` applies its logged decision as recorded instead of re-deciding it.
 */
export type UnknownStrategies = 'fail' | 'applyLogged';

export interface ReplayIntoOptions {
  readonly from: MirrorStore;
  /** A fresh mirror: it must hold no events yet. */
  readonly into: MirrorStore;
  /** Custom strategies the log names, besides the built-in ones. */
  readonly strategies?: readonly ConflictStrategy[];
  /**
   * An event of a strategy that is neither built in nor in `strategies`. `'fail'` (the default):
   * {@link UnknownStrategyError}, naming the strategy and the event. `'applyLogged'`: its logged
   * decision is applied as recorded, not re-decided (applied: the delta's payload; merged: the logged
   * result payload, byte for byte; skipped: no change; a delete as a delete), and the version it
   * leads to must be the logged one, else {@link ReplayDivergedError}. Such events are counted per
   * strategy in `takenAsLogged`; every event of a known strategy is still re-decided and checked.
   */
  readonly unknownStrategies?: UnknownStrategies;
}

export interface ReplayResult extends ReplayCoverage {
  readonly events: number;
  readonly records: number;
}

/** Counts what {@link replayEventsInto} re-decided and what it took as logged. */
type CoverageCounter = ReturnType<typeof countCoverage>;

/**
 * Rebuilds a mirror from another's event log alone: every event, in order and in its original
 * transactions (same commit time), goes through the strategy the log names, against the rebuilt
 * state. Each decision must match the logged one (decision, version, merged payload), else
 * {@link ReplayDivergedError}. The result has the same event log and the same records, byte for byte
 * in `payload`, with the same versions. The cursors and rejects are copied at the end, since they
 * are not events. The result says how many events were re-decided, and which were taken as logged
 * (see `unknownStrategies`).
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
  const counter = countCoverage();
  const events = await replayEventsInto(options, counter);
  copyCursorsAndRejects(options.from, into);
  return {
    events,
    records: Object.values(into.countByResource()).reduce((a, b) => a + b, 0),
    ...counter.coverage(),
  };
};

/**
 * The replay itself, without the checks and copies around it: for {@link replayInto} and for
 * `verifyMirror`, which needs the counts also when the replay stops at a divergence. Resolves with
 * the number of events replayed.
 */
export const replayEventsInto = async (
  options: ReplayIntoOptions,
  counter: CoverageCounter,
): Promise<number> => {
  const { into } = options;
  const policy = options.unknownStrategies ?? 'fail';
  if (policy !== 'fail' && policy !== 'applyLogged') {
    throw new InvalidOptionsError('unknownStrategies', policy, "expected 'fail' or 'applyLogged'");
  }
  const logged = new Map<string, LoggedEvent>();
  const eventFor = (key: string): LoggedEvent => logged.get(key) as LoggedEvent;

  // Looked up once per name, not once per event; `takenAsLogged` holds the names whose events get
  // their logged decision instead of a strategy's.
  const byName = new Map<string, ConflictStrategy>();
  const takenAsLogged = new Set<string>();
  const strategyOf = (event: LoggedEvent): ConflictStrategy => {
    const cached = byName.get(event.strategy);
    if (cached !== undefined) return cached;
    let strategy: ConflictStrategy;
    try {
      strategy = strategyByName(event.strategy, options.strategies);
    } catch (err) {
      if (!(err instanceof UnknownStrategyError)) throw err;
      if (policy === 'fail') {
        throw new UnknownStrategyError(
          event.strategy,
          err.known,
          `the event log names it at event ${event.seq}: pass it in \`strategies\` to re-decide its events, or set \`unknownStrategies: 'applyLogged'\` to apply their logged decisions as recorded`,
        );
      }
      strategy = loggedDecisionStrategy(event.strategy, eventFor);
      takenAsLogged.add(event.strategy);
    }
    byName.set(event.strategy, strategy);
    return strategy;
  };

  const check = (batch: DecidedBatch): DecidedBatch => ({
    ...batch,
    items: batch.items.map((d) => {
      if (d.kind !== 'decided') return d;
      const asLogged = takenAsLogged.has(d.strategy);
      const checked = checkDecision(d, eventFor(d.key), asLogged);
      if (asLogged) counter.takenAsLogged(d.strategy);
      else counter.redecided();
      return checked;
    }),
  });

  const resolver = conflictResolver({
    strategyFor: (_resource, item) => strategyOf(eventFor(item.key)),
    readRecord: into.readRecord,
    readTombstone: into.readTombstone,
    // The writer's own one-statement read: each event then gets the history head it found.
    readState: prepareReadRecordState(connectionOf(into)),
    stampBatch: (batch) => eventFor((batch[0] as DeltaItem).key).committedAt,
    onRefusal: 'fail',
  });
  /** Decides each batch as the log names it, then checks every decision against the logged one. */
  const checkedResolver: ConflictResolver = {
    ...resolver,
    decideBatch: (batch, at) => check(resolver.decideBatch(batch, at)),
  };

  return lastValueFrom(
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
      // A logged delta was decided once: a strategy that cannot decide it now is a divergence.
      sqliteSink(into, { onRefusal: 'fail', resolver: checkedResolver }),
      concatMap((batch) => from([batch.changes.length])),
      reduce((n, k) => n + k, 0),
    ),
    { defaultValue: 0 },
  );
};

const copyCursorsAndRejects = (fromStore: MirrorStore, into: MirrorStore): void => {
  const target = connectionOf(into);
  const insertCursor = prepareInsertCursor(target);
  target.transaction(() => {
    for (const cursor of listCursors(fromStore)) insertCursor(cursor);
    copyRejects(connectionOf(fromStore), target);
  })();
};
