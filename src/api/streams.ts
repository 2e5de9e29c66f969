/**
 * `oxide-mirror/streams`: the mirror assembled as one cold Observable (`mirrorPipeline`), the edge that
 * turns what a source emits into the pipeline's items (`toMirrorItem`), and those items. `createMirror`
 * (in the root) adds the live `applied$` stream, the report and stop. The publisher's defaults and wire
 * format (`deltaLine`, the `Oxide-Mirror-Seq` header, the snapshot object's name and metadata key) are
 * here too; `createPublisher` is in the root.
 */
export {
  mirrorPipeline,
  DEFAULT_BATCH_SIZE,
  DEFAULT_BATCH_WAIT_MS,
  type MirrorPipelineOptions,
  type MirrorWriter,
} from '../streams/mirrorPipeline.js';
export { toMirrorItem } from '../streams/toMirrorItem.js';
export { SyncReportBuilder } from '../streams/SyncReportBuilder.js';
export type { MirrorItem, DeltaItem, DeltaFields, CheckpointItem, RejectItem } from '../model/MirrorItem.js';
export { canonicalJson } from '../model/canonicalJson.js';
export { deltaKey, type DeltaKey } from '../model/deltaKey.js';
export {
  DEFAULT_ACK_TIMEOUT_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_PUBLISH_PAGE_SIZE,
  DEFAULT_PUBLISH_RETRY_MS,
  DEFAULT_SNAPSHOT_EVERY_EVENTS,
  DEFAULT_SNAPSHOT_EVERY_MS,
} from '../publish/createPublisher.js';
export { DEFAULT_STOP_FLUSH_MS } from '../publish/Publisher.js';
export { deltaLine, type DeltaLineFields } from '../publish/deltaLine.js';
export { MIRROR_SEQ_HEADER } from '../publish/publishedMessage.js';
export { snapshotObjectName, SNAPSHOT_STREAM_SEQ_KEY } from '../nats/fleetSnapshot.js';
