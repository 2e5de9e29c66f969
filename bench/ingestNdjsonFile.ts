import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fromNdjson } from '../src/sources/fromNdjson.js';
import type { MirrorStore } from '../src/store/MirrorStore.js';
import { createMirror } from '../src/streams/createMirror.js';
import type { SyncReport } from '../src/streams/SyncReport.js';

/** What one timed `ingest` of an NDJSON file did. */
export interface IngestedFile {
  /** Wall milliseconds of the run, from `run()` to its report. */
  readonly ms: number;
  readonly report: SyncReport;
}

/**
 * `ingest` of an NDJSON file the way the CLI's `ingest` reads one (`fromNdjson` over a read stream)
 * through `createMirror` with defaults into `store`, under the source id `sourceId`; timed.
 */
export const ingestNdjsonFile = async (
  store: MirrorStore,
  file: string,
  sourceId = 'file',
): Promise<IngestedFile> => {
  const t0 = performance.now();
  const report = await createMirror({
    store,
    sources: { [sourceId]: fromNdjson(createReadStream(file)) },
  }).run();
  return { ms: performance.now() - t0, report };
};
