/**
 * `oxide-mirror/config`: `mirror.config.json` as io-ts codecs, and its decoding with readable paths
 * (`sources[0].resources[0].paging.type: expected one of …`), for tools that write or check configs.
 */
export { MirrorConfig } from '../config/MirrorConfig.js';
export { SourceConfig } from '../config/SourceConfig.js';
export { PublishConfig, PublishSnapshotConfig } from '../config/PublishConfig.js';
export { decodeMirrorConfig, parseMirrorConfig } from '../config/decodeMirrorConfig.js';
