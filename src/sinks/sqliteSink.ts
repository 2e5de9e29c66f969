import { map, type OperatorFunction } from 'rxjs';
import type { Logger } from 'pino';
import { ConcurrentWriterError } from '../errors/ConcurrentWriterError.js';
import { CursorMovedError } from '../errors/CursorMovedError.js';
import { causeCode } from '../errors/describeCause.js';
import { MirrorError } from '../errors/MirrorError.js';
import { storageErrorFrom } from '../errors/storageErrorFrom.js';
import type {
  DecidedBatch,
  DecidedDelta,
  DecidedItem,
  RefusalPolicy,
  RefusedDelta,
} from '../model/DecidedBatch.js';
import type { CheckpointItem, DeltaItem, RejectItem } from '../model/MirrorItem.js';
import type { Timestamp } from '../model/Timestamp.js';
import { listCursors } from '../store/listCursors.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import { prepareAppendEvent } from '../store/statements/appendEvent.js';
import { prepareAppendReject } from '../store/statements/appendReject.js';
import { prepareClearTombstone } from '../store/statements/clearTombstone.js';
import { prepareDeleteRecord } from '../store/statements/deleteRecord.js';
import { prepareRegisterResource } from '../store/statements/registerResource.js';
import { prepareUpsertRecord } from '../store/statements/upsertRecord.js';
import { prepareWriteCursor } from '../store/statements/writeCursor.js';
import { prepareWriteTombstone } from '../store/statements/writeTombstone.js';
import { prepareViewMaintenance } from '../views/prepareViewMaintenance.js';
import type { AppliedBatch, AppliedChange } from './AppliedBatch.js';
import { refusalRow } from './refusalRow.js';

export interface SqliteSinkOptions {
  readonly logger?: Logger;
  /**
   * A delta the store refuses (a constraint, a value too big): `record` (default) keeps it in
   * `mirror_rejects` as refused and commits the rest of its batch; `fail` rolls the batch back and errors.
   * Recording needs `redecide`.
   */
  readonly onRefusal?: RefusalPolicy;
  /**
   * Decides one delta again against the state the writer's transaction sees (e.g.
   * `decideAgainstStore(...)`): used when a delta of a batch was refused by the store, since the
   * decisions after it on the same record were made assuming it was written. Without it, a delta the
   * store refuses fails the batch whatever `onRefusal` says.
   */
  readonly redecide?: (item: DeltaItem, at: Timestamp) => DecidedDelta | RefusedDelta;
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

/**
 * Commits each decided batch in ONE immediate transaction: the events, the record updates and
 * tombstones, the resources and their views (a new payload field becomes a view column in the same
 * transaction), the rejects and refusals, and the cursors the batch covers. Emits an
 * {@link AppliedBatch} after COMMIT. Statements are prepared once, when the operator is created.
 *
 * One writer: a transaction that finds another connection committed since this sink's last commit
 * (`PRAGMA data_version`) is rolled back with a {@link CursorMovedError} when one of its cursors moved,
 * else a {@link ConcurrentWriterError}. Record versions and cursors are written compare-and-set too.
 *
 * A delta the store refuses is kept out, not the batch: the batch is rolled back and written again with
 * each delta in a savepoint of its own, re-decided against what the transaction has written so far, and a
 * delta refused again is recorded in `mirror_rejects` (kind `store`); with `onRefusal: 'fail'` the batch
 * fails instead. Any other failure rolls the whole batch back and the stream errors with a
 * `StorageError` (`StorageFullError` for a full disk or size limit, `StorageCorruptError` for a damaged
 * file) or the {@link MirrorError} that caused it; nothing of the batch remains.
 */
export const sqliteSink = (
  store: MirrorStore,
  options: SqliteSinkOptions = {},
): OperatorFunction<DecidedBatch, AppliedBatch> => {
  const { db } = store;
  const { redecide } = options;
  const onRefusal = options.onRefusal ?? 'record';
  const appendEvent = prepareAppendEvent(db);
  const upsertRecord = prepareUpsertRecord(db);
  const deleteRecord = prepareDeleteRecord(db);
  const writeTombstone = prepareWriteTombstone(db);
  const clearTombstone = prepareClearTombstone(db);
  const registerResource = prepareRegisterResource(db);
  const writeCursor = prepareWriteCursor(db);
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  // Compare-and-set on cursors: each write expects the value stored when this sink was created (when
  // its sources read where to resume), then the one it last committed. Anything else means another
  // writer moved the cursor, and the batch is rolled back.
  const cursorKey = (source: string, resource: string): string => JSON.stringify([source, resource]);
  const knownCursors = new Map<string, string>(
    listCursors(store).map((c) => [cursorKey(c.source, c.resource), c.cursor]),
  );
  /** Cursors the open transaction wrote: known once it commits. */
  const pendingCursors = new Map<string, string>();
  const appendReject = prepareAppendReject(db);
  const views = prepareViewMaintenance(db);
  /** `data_version` after this sink's last commit: it changes only when another connection commits. */
  let lastDataVersion = dataVersion.get();

  const expectedCursor = (item: CheckpointItem): string | undefined => {
    const key = cursorKey(item.source, item.resource);
    return pendingCursors.get(key) ?? knownCursors.get(key);
  };

  /** Refuses a transaction that another connection's commit went before, naming a moved cursor if one did. */
  const checkSoleWriter = (batch: DecidedBatch): void => {
    if (dataVersion.get() === lastDataVersion) return;
    for (const item of batch.items) {
      if (item.kind !== 'checkpoint') continue;
      const expected = expectedCursor(item);
      const found = store.readCursor(item.source, item.resource);
      if (found !== expected) throw new CursorMovedError(item.source, item.resource, expected, found);
    }
    throw new ConcurrentWriterError();
  };

  const applyChange = (d: DecidedDelta, at: string): void => {
    const { delta, key } = d.item;
    const version = d.version as number;
    const changed = {
      resource: delta.resource,
      recordId: delta.record_id,
      expectedVersion: d.previousVersion ?? null,
    };
    if (delta.op === 'upsert') {
      if (d.tombstoneExisted) clearTombstone(delta.resource, delta.record_id);
      const written = upsertRecord({
        resource: delta.resource,
        record_id: delta.record_id,
        payload: d.mergedJson ?? d.item.payloadJson,
        source: delta.provenance.source,
        last_synced_at: at,
        confidence: delta.provenance.confidence,
        version,
        occurred_at: delta.occurred_at,
        delta_key: key,
      });
      if (!written) throw new ConcurrentWriterError(changed);
      return;
    }
    if (d.recordExisted && !deleteRecord(delta.resource, delta.record_id, d.previousVersion as number)) {
      throw new ConcurrentWriterError(changed);
    }
    writeTombstone({
      resource: delta.resource,
      record_id: delta.record_id,
      source: delta.provenance.source,
      confidence: delta.provenance.confidence,
      version,
      occurred_at: delta.occurred_at,
      delta_key: key,
      deleted_at: at,
    });
  };

  /** What one transaction writes, item by item; `writeDelta` says how a decided delta is written. */
  const writeBatch = (
    batch: DecidedBatch,
    writeDelta: (item: DecidedDelta, at: Timestamp, out: AppliedBatchParts) => void,
  ): AppliedBatch => {
    checkSoleWriter(batch);
    const at = batch.decidedAt;
    const out: AppliedBatchParts = {
      changes: [],
      rejects: [],
      checkpoints: [],
      refusals: [],
      resources: new Set(),
    };
    for (const item of batch.items) writeItem(item, at, out, writeDelta);
    views.flush();
    const { changes, rejects, checkpoints, refusals } = out;
    return { committedAt: at, changes, rejects, checkpoints, refusals };
  };

  const writeItem = (
    item: DecidedItem,
    at: Timestamp,
    out: AppliedBatchParts,
    writeDelta: (item: DecidedDelta, at: Timestamp, out: AppliedBatchParts) => void,
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
      case 'decided':
        writeDelta(item, at, out);
        return;
    }
  };

  const refuse = (item: RefusedDelta, at: Timestamp, out: AppliedBatchParts): void => {
    if (onRefusal === 'fail') throw item.error;
    appendReject(refusalRow(item), at);
    out.refusals.push(item);
  };

  /** Writes one decided delta: its event, then (unless skipped) its record and the view's fields. */
  const writeDecided = (item: DecidedDelta, at: Timestamp, out: AppliedBatchParts): void => {
    const { delta, key, source, payloadJson } = item.item;
    const seq = appendEvent({
      delta_key: key,
      source_id: source,
      resource: delta.resource,
      record_id: delta.record_id,
      op: delta.op,
      payload: payloadJson,
      occurred_at: delta.occurred_at,
      provenance_source: delta.provenance.source,
      confidence: delta.provenance.confidence,
      strategy: item.strategy,
      decision: item.decision,
      reason: item.reason ?? null,
      result_payload: item.mergedJson ?? null,
      version: item.version ?? null,
      committed_at: at,
    });
    if (!out.resources.has(delta.resource)) {
      out.resources.add(delta.resource);
      registerResource(delta.resource, at);
      views.noteRecord(delta.resource, null, at); // every resource has a view, even before a field
    }
    if (item.decision !== 'skipped') {
      applyChange(item, at);
      views.noteRecord(delta.resource, item.after?.payload ?? null, at);
    }
    out.changes.push({
      seq,
      source,
      delta,
      decision: item.decision,
      reason: item.reason,
      version: item.version,
      record: item.after,
    });
  };

  const commit = db.transaction((batch: DecidedBatch): AppliedBatch => writeBatch(batch, writeDecided));

  /**
   * One delta in a savepoint of its own: decided again against what this transaction has written so
   * far, then written with its view; a delta the store refuses is rolled back alone and recorded.
   */
  const writeIsolated = db.transaction((item: DecidedDelta, at: Timestamp, out: AppliedBatchParts): void => {
    const before = out.changes.length;
    const { resource } = item.item.delta;
    const registered = out.resources.has(resource);
    try {
      writeDecided(item, at, out);
      views.flush();
    } catch (err) {
      out.changes.length = before; // rolled back with the savepoint
      if (!registered) out.resources.delete(resource);
      throw err;
    }
  });
  const isolate = (item: DecidedDelta, at: Timestamp, out: AppliedBatchParts): void => {
    const decided = (redecide as NonNullable<typeof redecide>)(item.item, at);
    if (decided.kind === 'refused') {
      refuse(decided, at, out);
      return;
    }
    try {
      writeIsolated(decided, at, out);
    } catch (err) {
      if (!isRefusedByStore(err)) throw err;
      views.reload(); // the savepoint's fields were rolled back with it
      const { delta } = item.item;
      const error = storageErrorFrom(`writing delta ${delta.resource}/${delta.record_id}`, store.path, err);
      refuse({ kind: 'refused', item: item.item, stage: 'store', error }, at, out);
    }
  };
  const commitIsolated = db.transaction((batch: DecidedBatch): AppliedBatch => writeBatch(batch, isolate));

  const logger = options.logger?.child({ component: 'sqliteSink' });

  const attempt = (batch: DecidedBatch, write: typeof commit): AppliedBatch => {
    pendingCursors.clear();
    const applied = write.immediate(batch);
    for (const [key, cursor] of pendingCursors) knownCursors.set(key, cursor);
    lastDataVersion = dataVersion.get();
    return applied;
  };

  return map((batch) => {
    let applied: AppliedBatch;
    try {
      try {
        applied = attempt(batch, commit);
      } catch (cause) {
        views.reload(); // the rolled-back batch may have named fields that are not stored
        if (onRefusal !== 'record' || redecide === undefined || !isRefusedByStore(cause)) throw cause;
        logger?.warn({ err: cause }, 'the store refused a delta: writing the batch delta by delta');
        applied = attempt(batch, commitIsolated);
      }
    } catch (cause) {
      views.reload();
      const error =
        cause instanceof MirrorError
          ? cause
          : storageErrorFrom(
              `committing a batch of ${batch.items.length} items`,
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
  });
};

/** The lists an {@link AppliedBatch} is made of, filled while its transaction runs. */
interface AppliedBatchParts {
  readonly changes: AppliedChange[];
  readonly rejects: RejectItem[];
  readonly checkpoints: CheckpointItem[];
  readonly refusals: RefusedDelta[];
  /** Resources registered in this transaction. */
  readonly resources: Set<string>;
}
