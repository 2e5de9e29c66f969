import { canonicalJson } from '../src/model/canonicalJson.js';
import { deltaKey } from '../src/model/deltaKey.js';
import type { Delta } from '../src/model/Delta.js';
import { isDelta, type SourceEmission } from '../src/model/SourceEmission.js';
import { timestampFromEpochMs, type Timestamp } from '../src/model/Timestamp.js';
import { decideDelta } from '../src/operators/resolveConflicts.js';
import { lastWriteWins } from '../src/strategies/lastWriteWins.js';
import type { MirrorStore } from '../src/store/MirrorStore.js';
import { prepareAppendEvent } from '../src/store/statements/appendEvent.js';
import { prepareBatchRows } from '../src/store/statements/batchRows.js';
import { prepareRegisterResource } from '../src/store/statements/registerResource.js';
import { prepareUpsertRecord } from '../src/store/statements/upsertRecord.js';
import { prepareWriteCursor } from '../src/store/statements/writeCursor.js';
import { BENCH_SOURCE_ID } from './benchStore.js';
import { connectionOf } from '../src/store/connectionOf.js';

/**
 * The original crate's design: apply one delta per call, each in its own transaction. Per delta:
 * canonical payload and key, then `BEGIN IMMEDIATE`; the dedupe lookup in the event log; read the
 * record (and its tombstone when there is none); decide with last-write-wins; append the event; upsert
 * the record (compare-and-set on its version); register the resource; `COMMIT`. The reads are inside
 * the transaction (no read transaction of their own per statement), which is this design at its best.
 * A checkpoint saves the cursor in a transaction of its own, as the original's `Syncer` did after each
 * pulled page. The library's own prepared statements; no RxJS, no ordering window, no batching.
 */
export const ingestPerDeltaTransaction = (
  store: MirrorStore,
  emissions: Iterable<SourceEmission>,
): number => {
  const db = connectionOf(store);
  const appendEvent = prepareAppendEvent(db);
  const upsertRecord = prepareUpsertRecord(db);
  const registerResource = prepareRegisterResource(db);
  const batchRows = prepareBatchRows(db);
  const writeCursor = prepareWriteCursor(db);

  /** Applies one delta; returns whether it was new (not already in the event log). */
  const applyDelta = db.transaction(
    (delta: Delta, key: string, payloadJson: string, at: Timestamp): boolean => {
      if (store.isKnownDelta(delta.occurred_at, key)) return false;
      const { resource, record_id } = delta;
      const current = store.readRecord(resource, record_id);
      const tombstone = current === undefined ? store.readTombstone(resource, record_id) : undefined;
      const decided = decideDelta(
        { source: BENCH_SOURCE_ID, delta, key, payloadJson },
        { current, tombstone },
        lastWriteWins,
        at,
      );
      const seq = appendEvent(decided, batchRows.open(at));
      if (decided.decision === 'applied' && decided.after !== undefined) {
        const ok = upsertRecord(decided.after, payloadJson, seq, decided.recordExisted);
        if (!ok) throw new Error(`compare-and-set failed for ${resource}/${record_id}`);
      }
      registerResource(resource, at);
      return true;
    },
  );
  const saveCursor = db.transaction(writeCursor);

  let written = 0;
  const lastCursor = new Map<string, string | undefined>(); // the compare-and-set's expected values
  for (const emission of emissions) {
    const at = timestampFromEpochMs(Date.now());
    if (!isDelta(emission)) {
      if (emission.kind === 'checkpoint') {
        const { resource, cursor } = emission;
        const expected = lastCursor.has(resource)
          ? lastCursor.get(resource)
          : store.readCursor(BENCH_SOURCE_ID, resource);
        if (!saveCursor.immediate(BENCH_SOURCE_ID, resource, cursor, at, expected)) {
          throw new Error(`cursor compare-and-set failed for ${resource}`);
        }
        lastCursor.set(resource, cursor);
      }
      continue;
    }
    const payloadJson = canonicalJson(emission.payload);
    if (applyDelta.immediate(emission, deltaKey(emission, payloadJson), payloadJson, at)) written++;
  }
  return written;
};
