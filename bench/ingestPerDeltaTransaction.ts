import { canonicalJson } from '../src/model/canonicalJson.js';
import { deltaKey } from '../src/model/deltaKey.js';
import type { Delta } from '../src/model/Delta.js';
import { isDelta, type SourceEmission } from '../src/model/SourceEmission.js';
import { timestampFromEpochMs } from '../src/model/Timestamp.js';
import { lastWriteWins } from '../src/strategies/lastWriteWins.js';
import type { MirrorStore } from '../src/store/MirrorStore.js';
import { prepareAppendEvent } from '../src/store/statements/appendEvent.js';
import { prepareRegisterResource } from '../src/store/statements/registerResource.js';
import { prepareUpsertRecord } from '../src/store/statements/upsertRecord.js';
import { prepareWriteCursor } from '../src/store/statements/writeCursor.js';
import { BENCH_SOURCE_ID } from './benchStore.js';

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
  const { db } = store;
  const appendEvent = prepareAppendEvent(db);
  const upsertRecord = prepareUpsertRecord(db);
  const registerResource = prepareRegisterResource(db);
  const writeCursor = prepareWriteCursor(db);

  /** Applies one delta; returns whether it was new (not already in the event log). */
  const applyDelta = db.transaction((delta: Delta, key: string, payloadJson: string, at: string): boolean => {
    if (store.isKnownDelta(key)) return false;
    const { resource, record_id } = delta;
    const current = store.readRecord(resource, record_id);
    const tombstone = current === undefined ? store.readTombstone(resource, record_id) : undefined;
    const resolution = lastWriteWins.resolve(delta, { current, tombstone, incomingKey: key });
    const applied = resolution.kind === 'apply';
    const previous = current?.version ?? tombstone?.version ?? 0;
    appendEvent({
      delta_key: key,
      source_id: BENCH_SOURCE_ID,
      resource,
      record_id,
      op: delta.op,
      payload: payloadJson,
      occurred_at: delta.occurred_at,
      provenance_source: delta.provenance.source,
      confidence: delta.provenance.confidence,
      strategy: lastWriteWins.name,
      decision: applied ? 'applied' : 'skipped',
      reason: resolution.kind === 'skip' ? resolution.reason : null,
      result_payload: null,
      version: applied ? previous + 1 : (current?.version ?? null),
      committed_at: at,
    });
    if (applied) {
      const ok = upsertRecord({
        resource,
        record_id,
        payload: payloadJson,
        source: delta.provenance.source,
        last_synced_at: at,
        confidence: delta.provenance.confidence,
        version: previous + 1,
        occurred_at: delta.occurred_at,
        delta_key: key,
      });
      if (!ok) throw new Error(`compare-and-set failed for ${resource}/${record_id}`);
    }
    registerResource(resource, at);
    return true;
  });
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
