/**
 * `oxide-mirror/sources`: the building blocks and defaults of the sources: an HTTP source's resources
 * one by one (`httpSyncSources`), the parts of its config, the transport's retry and timeout defaults,
 * the file sources' limits, and the JetStream source's parts (its pull over an open connection, the
 * snapshot object's name and metadata key). The sources themselves are in the root.
 */
export { DEFAULT_POLL_INTERVAL_MS, DEFAULT_PULL_TIMEOUT_MS } from '../sources/fromSyncSource.js';
export { httpSyncSources, type HttpSourceOptions } from '../sources/http/httpSyncSources.js';
export {
  HttpResourceConfig,
  HttpPaging,
  HttpDeletion,
  HttpSince,
  HttpRetryConfig,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
} from '../sources/http/HttpSourceConfig.js';
export type { HttpHeaderValue } from '../sources/transport/HttpHeaderValue.js';
export type { Sleep, HttpResponseTiming } from '../sources/transport/HttpTransport.js';
export { DEFAULT_COUCH_LIMIT } from '../sources/couchdb/CouchSourceConfig.js';
export type { CouchChangesSourceOptions } from '../sources/couchdb/couchChangesSource.js';
export { DEFAULT_DIRECTORY_PATTERN } from '../sources/files/DirectorySourceConfig.js';
export type { FileSourceOptions } from '../sources/files/FileSourceOptions.js';
export { ALL_RESOURCES } from '../sources/files/decodeFileCursor.js';
export { DEFAULT_MAX_LINE_BYTES } from '../sources/files/NdjsonLineSplitter.js';
export {
  jetStreamSyncSource,
  type JetStreamSyncSource,
  type JetStreamSyncSourceOptions,
} from '../sources/jetstream/jetStreamSyncSource.js';
export {
  DEFAULT_JETSTREAM_LIMIT,
  JetStreamSnapshotConfig,
} from '../sources/jetstream/JetStreamSourceConfig.js';
export { MIN_FETCH_WAIT_MS } from '../sources/jetstream/streamReader.js';
export { snapshotObjectName, SNAPSHOT_STREAM_SEQ_KEY } from '../nats/fleetSnapshot.js';
export { MAX_RECORD_ID_LENGTH } from '../model/RecordId.js';
