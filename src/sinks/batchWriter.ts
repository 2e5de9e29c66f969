import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import { ConcurrentWriterError } from '../errors/ConcurrentWriterError.js';
import { CursorMovedError } from '../errors/CursorMovedError.js';
import { causeCode } from '../errors/describeCause.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { MirrorError } from '../errors/MirrorError.js';
import { storageErrorFrom } from '../errors/storageErrorFrom.js';
import type { DecidedDelta, RefusalPolicy, RefusedDelta } from '../model/DecidedBatch.js';
import type { DeltaKey } from '../model/deltaKey.js';
import type { CheckpointItem, DeltaItem, MirrorItem, RejectItem } from '../model/MirrorItem.js';
import type { Timestamp } from '../model/Timestamp.js';
import { conflictResolver, type ConflictResolver } from '../operators/resolveConflicts.js';
import { selectStrategy, type StrategyOptions } from '../strategies/selectStrategy.js';
import { connectionOf } from '../store/connectionOf.js';
import { listCursors } from '../store/listCursors.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import { prepareAppendEvent } from '../store/statements/appendEvent.js';
import { prepareAppendReject } from '../store/statements/appendReject.js';
import { prepareBatchRows } from '../store/statements/batchRows.js';
import { prepareClearTombstone } from '../store/statements/clearTombstone.js';
import { prepareDataVersion } from '../store/statements/dataVersion.js';
import { prepareDeleteRecord } from '../store/statements/deleteRecord.js';
import { prepareMoveHistoryHead } from '../store/statements/moveHistoryHead.js';
import { prepareReadRecordState } from '../store/statements/readRecordState.js';
import { prepareRegisterResource } from '../store/statements/registerResource.js';
import { prepareUpsertRecord } from '../store/statements/upsertRecord.js';
import { prepareWriteCursor } from '../store/statements/writeCursor.js';
import { prepareWriteTombstone } from '../store/statements/writeTombstone.js';
import { prepareViewMaintenance } from '../views/prepareViewMaintenance.js';
import type { AppliedBatch, AppliedChange } from './AppliedBatch.js';
import { refusalRow } from './refusalRow.js';

export interface BatchWriterOptions extends StrategyOptions {
  /**
   * A delta its strategy cannot decide, or that the store refuses (a constraint, a value too big):
   * `record` (default) keeps it in `mirror_rejects` as refused and commits the rest of its batch;
   * `fail` rolls the batch back and errors.
   */
  readonly onRefusal?: RefusalPolicy;
  /**
   * Decides the batches in place of the strategies given (`strategy`, `strategyFor`); it must read this
   * store. Replay passes one that answers from the log. Default: `conflictResolver` over the store.
   */
  readonly resolver?: ConflictResolver;
  /** The clock of each batch's `committed_at`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  readonly logger?: Logger;
}

/**
 * SQLite failures that belong to one delta rather than to the batch or the file: a constraint (a CHECK,
 * a trigger's RAISE, a UNIQUE), a string or blob past SQLite's length limit, a datatype mismatch. Any
 * other failure (a full disk, a damaged file, a busy lock) is the batch's and fails it.
 */
const isRefusedByStore = (err: unknown): boolean => {
  const code = causeCode(err);
  return (
    code !== undefined &&
    (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH')
  );
};

/** Commits one batch of items and returns what committed; throws (after rolling back) when it cannot. */
export type BatchWriter = (batch: readonly MirrorItem[]) => AppliedBatch;

/**
 * The mirror's writer: commits each batch of items in ONE immediate transaction, deciding it inside
 * that transaction, so a decision sees exactly the state it writes over. In order:
 *
 * 1. One writer: if another connection committed since this writer's last commit (`PRAGMA
 *    data_version`), the batch is rolled back with a {@link CursorMovedError} when one of its cursors
 *    moved, else a {@link ConcurrentWriterError}.
 * 2. Duplicates: a delta whose key is in the event log, or earlier in the batch, is dropped (reported in
 *    the batch's `duplicates`). This is the check no duplicate can pass, whatever the in-memory window
 *    upstream let through.
 * 3. Decisions: each delta with its resource's strategy, against the stored record plus the batch's
 *    earlier deltas ({@link conflictResolver}); one its strategy cannot decide is refused.
 * 4. Writes, with prepared statements: the events, the records and tombstones the decisions produced,
 *    the resources and their views (a new payload field becomes a view column in the same
 *    transaction), the rejects and refusals, and the cursors the batch covers (compare-and-set).
 *
 * Returns an {@link AppliedBatch} after COMMIT. A delta the store refuses is kept out, not the batch: the
 * batch is rolled back and written again with each delta in a savepoint of its own, decided against
 * what the transaction has written so far, and a delta refused again is recorded in `mirror_rejects`
 * (kind `store`); with `onRefusal: 'fail'` the batch fails instead. Any other failure rolls the whole
 * batch back and throws a `StorageError` (`StorageFullError` for a full disk or size
 * limit, `StorageCorruptError` for a damaged file) or the {@link MirrorError} that caused it; nothing of
 * the batch remains. Statements are prepared once, when the writer is created.
 */
export const batchWriter = (store: MirrorStore, options: BatchWriterOptions = {}): BatchWriter => {
  const db = connectionOf(store);
  const onRefusal = options.onRefusal ?? 'record';
  if (onRefusal !== 'record' && onRefusal !== 'fail') {
    throw new InvalidOptionsError('onRefusal', onRefusal, 'expected "record" or "fail"');
  }
  const resolver =
    options.resolver ??
    conflictResolver({
      strategyFor: selectStrategy(options),
      readRecord: store.readRecord,
      readTombstone: store.readTombstone,
      readState: prepareReadRecordState(db),
      onRefusal,
      scheduler: options.scheduler ?? asyncScheduler,
    });
  const appendEvent = prepareAppendEvent(db);
  const upsertRecord = prepareUpsertRecord(db);
  const deleteRecord = prepareDeleteRecord(db);
  const writeTombstone = prepareWriteTombstone(db);
  const clearTombstone = prepareClearTombstone(db);
  const registerResource = prepareRegisterResource(db);
  const writeCursor = prepareWriteCursor(db);
  const dataVersion = prepareDataVersion(db);
  const appendReject = prepareAppendReject(db);
  const batchRows = prepareBatchRows(db);
  const moveHistoryHead = prepareMoveHistoryHead(db);
  const views = prepareViewMaintenance(db);
  // Compare-and-set on cursors: each write expects the value stored when this writer was created (when
  // its sources read where to resume), then the one it last committed.
  const cursorKey = (source: string, resource: string): string => JSON.stringify([source, resource]);
  const knownCursors = new Map<string, string>(
    listCursors(store).map((c) => [cursorKey(c.source, c.resource), c.cursor]),
  );
  /** Cursors the open transaction wrote: known once it commits. */
  const pendingCursors = new Map<string, string>();
  /** `data_version` after this writer's last commit: it changes only when another connection commits. */
  let lastDataVersion = dataVersion();

  const expectedCursor = (item: CheckpointItem): string | undefined => {
    const key = cursorKey(item.source, item.resource);
    return pendingCursors.get(key) ?? knownCursors.get(key);
  };

  /** Refuses a transaction that another connection's commit went before, naming a moved cursor if one did. */
  const checkSoleWriter = (batch: readonly MirrorItem[]): void => {
    if (dataVersion() === lastDataVersion) return;
    for (const item of batch) {
      if (item.kind !== 'checkpoint') continue;
      const expected = expectedCursor(item);
      const found = store.readCursor(item.source, item.resource);
      if (found !== expected) throw new CursorMovedError(item.source, item.resource, expected, found);
    }
    throw new ConcurrentWriterError();
  };

  /** The batch without the deltas already in the event log or earlier in the batch. */
  const withoutDuplicates = (
    batch: readonly MirrorItem[],
    duplicates: DeltaItem[],
  ): readonly MirrorItem[] => {
    let kept: MirrorItem[] | undefined;
    const inBatch = new Set<DeltaKey>();
    for (let i = 0; i < batch.length; i++) {
      const item = batch[i] as MirrorItem;
      if (
        item.kind === 'delta' &&
        (inBatch.has(item.key) || store.isKnownDelta(item.delta.occurred_at, item.key))
      ) {
        duplicates.push(item);
        kept ??= batch.slice(0, i);
      } else {
        if (item.kind === 'delta') inBatch.add(item.key);
        kept?.push(item);
      }
    }
    return kept ?? batch;
  };

  /**
   * Writes the record or tombstone a decision produced, its history head at the event `seq`; a skip
   * writes neither and moves the head alone.
   */
  const applyChange = (d: DecidedDelta, seq: number, at: Timestamp): void => {
    const { delta } = d;
    if (d.decision === 'skipped') {
      moveHistoryHead(delta.resource, delta.record_id, seq);
      return;
    }
    if (d.after !== undefined) {
      if (d.tombstoneExisted) clearTombstone(delta.resource, delta.record_id);
      if (!upsertRecord(d.after, d.mergedJson ?? d.payloadJson, seq, d.recordExisted))
        throw concurrentWrite(d);
      return;
    }
    if (d.recordExisted && !deleteRecord(delta.resource, delta.record_id, d.previousVersion as number)) {
      throw concurrentWrite(d);
    }
    if (d.tombstoneAfter !== undefined) writeTombstone(d.tombstoneAfter, at, seq);
  };

  /** Writes one decided delta: its event, then (unless skipped) its record and the view's fields. */
  const writeDecided = (d: DecidedDelta, at: Timestamp, out: AppliedBatchParts): void => {
    const { delta } = d;
    out.batch ??= batchRows.open(at);
    const seq = appendEvent(d, out.batch);
    if (!out.resources.has(delta.resource)) {
      out.resources.add(delta.resource);
      registerResource(delta.resource, at);
      views.noteRecord(delta.resource, null, at); // every resource has a view, even before a field
    }
    applyChange(d, seq, at);
    if (d.decision !== 'skipped') views.noteRecord(delta.resource, d.after?.payload ?? null, at);
    out.changes.push({
      seq,
      source: d.source,
      delta,
      decision: d.decision,
      reason: d.reason,
      version: d.version,
      record: d.after,
    });
  };

  const refuse = (item: RefusedDelta, at: Timestamp, out: AppliedBatchParts): void => {
    if (onRefusal === 'fail') throw item.error;
    appendReject(refusalRow(item), at);
    out.refusals.push(item);
  };

  const writeOther = (
    item: CheckpointItem | RejectItem | RefusedDelta,
    at: Timestamp,
    out: AppliedBatchParts,
  ): void => {
    switch (item.kind) {
      case 'checkpoint': {
        const expected = expectedCursor(item);
        if (!writeCursor(item.source, item.resource, item.cursor, at, expected)) {
          const found = store.readCursor(item.source, item.resource);
          throw new CursorMovedError(item.source, item.resource, expected, found);
        }
        pendingCursors.set(cursorKey(item.source, item.resource), item.cursor);
        out.checkpoints.push(item);
        return;
      }
      case 'reject':
        appendReject({ ...item, kind: 'decode' }, at);
        out.rejects.push(item);
        return;
      case 'refused':
        refuse(item, at, out);
        return;
    }
  };

  /** The transaction both ways of writing share: sole writer, duplicates, then `write` the rest. */
  const writeBatch = (
    batch: readonly MirrorItem[],
    write: (items: readonly MirrorItem[], at: Timestamp, out: AppliedBatchParts) => void,
  ): AppliedBatch => {
    checkSoleWriter(batch);
    const at = resolver.stamp(batch);
    const out: AppliedBatchParts = {
      changes: [],
      rejects: [],
      checkpoints: [],
      refusals: [],
      duplicates: [],
      resources: new Set(),
      batch: undefined,
    };
    write(withoutDuplicates(batch, out.duplicates), at, out);
    if (out.batch !== undefined && out.changes.length === 0) batchRows.drop(out.batch);
    views.flush();
    const { changes, rejects, checkpoints, refusals, duplicates } = out;
    return { committedAt: at, changes, rejects, checkpoints, refusals, duplicates };
  };

  /** The usual way: the whole batch decided at once, then written. */
  const decideThenWrite = (items: readonly MirrorItem[], at: Timestamp, out: AppliedBatchParts): void => {
    for (const item of resolver.decideBatch(items, at).items) {
      if (item.kind === 'decided') writeDecided(item, at, out);
      else writeOther(item, at, out);
    }
  };

  /**
   * One delta in a savepoint of its own (a nested better-sqlite3 transaction), decided against what
   * this transaction has written so far; a delta the store refuses is rolled back alone and recorded.
   */
  const writeInSavepoint = db.transaction((d: DecidedDelta, at: Timestamp, out: AppliedBatchParts): void => {
    const before = out.changes.length;
    const registered = out.resources.has(d.delta.resource);
    const batch = out.batch;
    try {
      writeDecided(d, at, out);
      views.flush();
    } catch (err) {
      out.changes.length = before; // rolled back with the savepoint, as is a batch row it opened
      out.batch = batch;
      if (!registered) out.resources.delete(d.delta.resource);
      throw err;
    }
  });
  const deltaByDelta = (items: readonly MirrorItem[], at: Timestamp, out: AppliedBatchParts): void => {
    for (const item of items) {
      if (item.kind !== 'delta') {
        writeOther(item, at, out);
        continue;
      }
      const decided = resolver.decideOne(item, at);
      if (decided.kind === 'refused') {
        refuse(decided, at, out);
        continue;
      }
      try {
        writeInSavepoint(decided, at, out);
      } catch (err) {
        if (!isRefusedByStore(err)) throw err;
        views.reload(); // the savepoint's fields were rolled back with it
        const { source, delta, key, payloadJson } = item;
        const error = storageErrorFrom(`writing delta ${delta.resource}/${delta.record_id}`, store.path, err);
        refuse({ kind: 'refused', source, delta, key, payloadJson, stage: 'store', error }, at, out);
      }
    }
  };

  const commit = db.transaction((batch: readonly MirrorItem[]) => writeBatch(batch, decideThenWrite));
  const commitDeltaByDelta = db.transaction((batch: readonly MirrorItem[]) =>
    writeBatch(batch, deltaByDelta),
  );

  const logger = options.logger?.child({ component: 'sqliteSink' });

  const attempt = (batch: readonly MirrorItem[], write: typeof commit): AppliedBatch => {
    pendingCursors.clear();
    // Deferred: the transaction reads (duplicates, records) before it writes, and a batch of duplicates
    // only never takes the write lock nor writes a commit. The one writer's upgrade cannot wait on
    // another writer: one that committed in between is refused (data_version) rather than waited for.
    const applied = write.deferred(batch);
    for (const [key, cursor] of pendingCursors) knownCursors.set(key, cursor);
    lastDataVersion = dataVersion();
    return applied;
  };

  return (batch) => {
    let applied: AppliedBatch;
    try {
      try {
        applied = attempt(batch, commit);
      } catch (cause) {
        views.reload(); // the rolled-back batch may have named fields that are not stored
        if (onRefusal !== 'record' || !isRefusedByStore(cause)) throw cause;
        logger?.warn({ err: cause }, 'the store refused a delta: writing the batch delta by delta');
        applied = attempt(batch, commitDeltaByDelta);
      }
    } catch (cause) {
      views.reload();
      // SQLITE_BUSY_SNAPSHOT: another writer committed between this transaction's first read and its
      // first write, so it may not write on a stale snapshot.
      const error =
        cause instanceof MirrorError
          ? cause
          : causeCode(cause) === 'SQLITE_BUSY_SNAPSHOT'
            ? new ConcurrentWriterError()
            : storageErrorFrom(
                `committing a batch of ${batch.length} items`,
                store.path,
                cause,
                store.maxSizeMiB,
              );
      logger?.error({ err: error }, 'batch rolled back');
      throw error;
    }
    logger?.debug(
      { changes: applied.changes.length, checkpoints: applied.checkpoints.length },
      'batch committed',
    );
    return applied;
  };
};

/** The error of a compare-and-set on a record that found another version than its decision's. */
const concurrentWrite = ({ delta, previousVersion }: DecidedDelta): ConcurrentWriterError =>
  new ConcurrentWriterError({
    resource: delta.resource,
    recordId: delta.record_id,
    expectedVersion: previousVersion ?? null,
  });

/** The lists an {@link AppliedBatch} is made of, filled while its transaction runs. */
interface AppliedBatchParts {
  readonly changes: AppliedChange[];
  readonly rejects: RejectItem[];
  readonly checkpoints: CheckpointItem[];
  readonly refusals: RefusedDelta[];
  readonly duplicates: DeltaItem[];
  /** Resources registered in this transaction. */
  readonly resources: Set<string>;
  /** This transaction's `mirror_batches` row, once it logs a delta. */
  batch: number | undefined;
}
