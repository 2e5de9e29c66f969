/**
 * `oxide-mirror/streams`: the mirror assembled as one cold Observable (`mirrorPipeline`), the edge that
 * turns what a source emits into the pipeline's items (`toMirrorItem`), and those items. `createMirror`
 * (in the root) adds the live `applied$` stream, the report and stop.
 */
export {
  mirrorPipeline,
  DEFAULT_BATCH_SIZE,
  DEFAULT_BATCH_WAIT_MS,
  type MirrorPipelineOptions,
} from '../streams/mirrorPipeline.js';
export { toMirrorItem } from '../streams/toMirrorItem.js';
export { SyncReportBuilder } from '../streams/SyncReportBuilder.js';
export type { MirrorItem, DeltaItem, DeltaFields, CheckpointItem, RejectItem } from '../model/MirrorItem.js';
export { canonicalJson } from '../model/canonicalJson.js';
export { deltaKey, type DeltaKey } from '../model/deltaKey.js';
