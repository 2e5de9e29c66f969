import { from } from 'rxjs';
import { createMirror } from '../src/streams/createMirror.js';
import type { MirrorWriter } from '../src/streams/mirrorPipeline.js';
import type { SyncReport } from '../src/streams/SyncReport.js';
import type { MirrorStore } from '../src/store/MirrorStore.js';
import { BENCH_SOURCE_ID } from './benchStore.js';
import { generateEmissions, type DeltaStreamOptions } from './generateDeltas.js';

/**
 * The library as a user runs it: `createMirror` over one source Observable (a generator, so nothing
 * is materialised), default options: last-write-wins, batches of 1,000 items or 50 ms, the default
 * dedupe window (with its `isKnown` check against the event log) and ordering window; `batchSize`
 * only where the `batch-size` step sets it.
 */
export const ingestPipeline = async (
  store: MirrorStore,
  stream: DeltaStreamOptions,
  batchSize?: number,
  writer: MirrorWriter = 'inline',
): Promise<SyncReport> => {
  const mirror = createMirror({
    store,
    sources: { [BENCH_SOURCE_ID]: from(generateEmissions(stream)) },
    ...(batchSize === undefined ? {} : { batchSize }),
    writer,
  });
  return mirror.run();
};
