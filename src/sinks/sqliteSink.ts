import { map, type OperatorFunction } from 'rxjs';
import type { Logger } from 'pino';
import { ConcurrentWriterError } from '../errors/ConcurrentWriterError.js';
import { CursorMovedError } from '../errors/CursorMovedError.js';
import { MirrorError } from '../errors/MirrorError.js';
import { storageErrorFrom } from '../errors/storageErrorFrom.js';
import type { DecidedBatch, DecidedDelta } from '../model/DecidedBatch.js';
import type { CheckpointItem, RejectItem } from '../model/MirrorItem.js';
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

export interface SqliteSinkOptions {
  readonly logger?: Logger;
}

/**
 * Commits each decided batch in ONE immediate transaction: the events, the record updates and
 * tombstones, the resources and their views (a new payload field becomes a view column in the same
 * transaction), the rejects and the cursors the batch covers. Emits an
 * {@link AppliedBatch} after COMMIT. If anything fails, SQLite rolls the whole batch back and the
 * stream errors with a `StorageError` (`StorageFullError` for a full disk or size limit,
 * `StorageCorruptError` for a damaged file) or the {@link MirrorError} that caused it; nothing of
 * the batch remains. Statements are prepared once, when the operator is created.
 */
export const sqliteSink = (
  store: MirrorStore,
  options: SqliteSinkOptions = {},
): OperatorFunction<DecidedBatch, AppliedBatch> => {
  const { db } = store;
  const appendEvent = prepareAppendEvent(db);
  const upsertRecord = prepareUpsertRecord(db);
  const deleteRecord = prepareDeleteRecord(db);
  const writeTombstone = prepareWriteTombstone(db);
  const clearTombstone = prepareClearTombstone(db);
  const registerResource = prepareRegisterResource(db);
  const writeCursor = prepareWriteCursor(db);
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

  const applyChange = (d: DecidedDelta, at: string): void => {
    const { delta, key } = d.item;
    const version = d.version as number;
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
      if (!written)
        throw new ConcurrentWriterError(delta.resource, delta.record_id, d.previousVersion ?? null);
      return;
    }
    if (d.recordExisted && !deleteRecord(delta.resource, delta.record_id, d.previousVersion as number)) {
      throw new ConcurrentWriterError(delta.resource, delta.record_id, d.previousVersion ?? null);
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

  const commit = db.transaction((batch: DecidedBatch): AppliedBatch => {
    const at = batch.decidedAt;
    const changes: AppliedChange[] = [];
    const rejects: RejectItem[] = [];
    const checkpoints: CheckpointItem[] = [];
    const resources = new Set<string>();
    for (const item of batch.items) {
      if (item.kind === 'checkpoint') {
        const key = cursorKey(item.source, item.resource);
        const expected = pendingCursors.get(key) ?? knownCursors.get(key);
        if (!writeCursor(item.source, item.resource, item.cursor, at, expected)) {
          const found = store.readCursor(item.source, item.resource);
          throw new CursorMovedError(item.source, item.resource, expected, found);
        }
        pendingCursors.set(key, item.cursor);
        checkpoints.push(item);
        continue;
      }
      if (item.kind === 'reject') {
        appendReject(item, at);
        rejects.push(item);
        continue;
      }
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
      if (!resources.has(delta.resource)) {
        resources.add(delta.resource);
        registerResource(delta.resource, at);
        views.noteRecord(delta.resource, null, at); // every resource has a view, even before a field
      }
      if (item.decision !== 'skipped') {
        applyChange(item, at);
        views.noteRecord(delta.resource, item.after?.payload ?? null, at);
      }
      changes.push({
        seq,
        source,
        delta,
        decision: item.decision,
        reason: item.reason,
        version: item.version,
        record: item.after,
      });
    }
    views.flush();
    return { committedAt: at, changes, rejects, checkpoints };
  });

  const logger = options.logger?.child({ component: 'sqliteSink' });
  return map((batch) => {
    let applied: AppliedBatch;
    pendingCursors.clear();
    try {
      applied = commit.immediate(batch);
      for (const [key, cursor] of pendingCursors) knownCursors.set(key, cursor);
    } catch (cause) {
      const error =
        cause instanceof MirrorError
          ? cause
          : storageErrorFrom(
              `committing a batch of ${batch.items.length} items`,
              store.path,
              cause,
              store.maxSizeMiB,
            );
      views.reload(); // the rolled-back batch may have named fields that are not stored
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
