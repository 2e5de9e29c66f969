/**
 * `oxide-mirror/sources`: the building blocks and defaults of the sources: an HTTP source's resources
 * one by one (`httpSyncSources`), the parts of its config, the transport's retry and timeout defaults,
 * and the file sources' limits. The sources themselves are in the root.
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
export { MAX_RECORD_ID_LENGTH } from '../model/RecordId.js';
