// The public surface of oxide-mirror. Everything a user imports comes from here; nothing else is API.

// Model
export { Delta, DeltaOp, Provenance, type DeltaJson } from './model/Delta.js';
export type { MirroredRecord, Tombstone } from './model/MirroredRecord.js';
export { JsonValue, type JsonObject } from './model/JsonValue.js';
// Payload numbers a double does not keep are LosslessNumbers (lossless-json's, part of JsonValue).
export { LosslessNumber, isLosslessNumber } from 'lossless-json';
export { RecordId, MAX_RECORD_ID_LENGTH } from './model/RecordId.js';
export { Timestamp, parseTimestamp, timestampFromDate } from './model/Timestamp.js';
export { upsert, remove, withConfidence, at } from './model/deltaBuilders.js';
export { decodeDelta, decodeDeltaLine } from './model/decodeDelta.js';
export {
  checkpoint,
  rejection,
  type Checkpoint,
  type Rejection,
  type SourceEmission,
} from './model/SourceEmission.js';
export type { Decision, RefusalPolicy, RefusalStage, RefusedDelta } from './model/DecidedBatch.js';

// Errors
export { MirrorError, isMirrorError, type MirrorErrorCode } from './errors/MirrorError.js';
export { DecodeError, type DecodeIssue } from './errors/DecodeError.js';
export { InvalidOptionsError } from './errors/InvalidOptionsError.js';
export { StorageError } from './errors/StorageError.js';
export { StorageFullError } from './errors/StorageFullError.js';
export { StorageCorruptError } from './errors/StorageCorruptError.js';
export { MigrationError } from './errors/MigrationError.js';
export { ConcurrentWriterError } from './errors/ConcurrentWriterError.js';
export { StrategyError } from './errors/StrategyError.js';
export { UnknownStrategyError } from './errors/UnknownStrategyError.js';
export { UnknownSourceError } from './errors/UnknownSourceError.js';
export { SourceFailedError } from './errors/SourceFailedError.js';
export { SourceProtocolError } from './errors/SourceProtocolError.js';
export { SourceTimeoutError } from './errors/SourceTimeoutError.js';
export { CursorMovedError } from './errors/CursorMovedError.js';
export { HttpSourceError, type HttpFailureKind } from './errors/HttpSourceError.js';
export { QueryRefusedError } from './errors/QueryRefusedError.js';
export { QueryError } from './errors/QueryError.js';
export { ReplayDivergedError } from './errors/ReplayDivergedError.js';

// Conflict strategies
export {
  apply,
  skip,
  applyMerged,
  defineStrategy,
  type ConflictStrategy,
  type ConflictContext,
  type Resolution,
  type ResolveConflict,
  type StrategyLike,
} from './strategies/ConflictStrategy.js';
export { lastWriteWins } from './strategies/lastWriteWins.js';
export { highestConfidence } from './strategies/highestConfidence.js';
export { keepLocal } from './strategies/keepLocal.js';
export { mergeJson } from './strategies/mergeJson.js';
export { deepMerge } from './strategies/deepMerge.js';
export { BUILT_IN_STRATEGIES } from './strategies/builtInStrategies.js';
export { strategyByName, type StrategyOptions } from './strategies/selectStrategy.js';

// Operators
export { dedupe, DEFAULT_DEDUPE_WINDOW, type DedupeOptions } from './operators/dedupe.js';
export { clampConfidence } from './operators/clampConfidence.js';
export { orderByOccurredAt, type OrderByOccurredAtOptions } from './operators/orderByOccurredAt.js';
export { resolveConflicts, type ResolveConflictsOptions } from './operators/resolveConflicts.js';

// Sink, store, pipeline
export { sqliteSink, type SqliteSinkOptions } from './sinks/sqliteSink.js';
export type { AppliedBatch, AppliedChange } from './sinks/AppliedBatch.js';
export { openStore, IN_MEMORY, type OpenStoreOptions } from './store/openStore.js';
export type { MirrorStore } from './store/MirrorStore.js';
export { listCursors, type StoredCursor } from './store/listCursors.js';
export { resetCursors, type ResetCursorsOptions } from './store/resetCursors.js';
export type { ResourceSummary } from './store/statements/listResources.js';
export type { LoggedEvent } from './store/LoggedEvent.js';
export {
  mirrorPipeline,
  DEFAULT_BATCH_SIZE,
  DEFAULT_BATCH_WAIT_MS,
  type MirrorPipelineOptions,
} from './streams/mirrorPipeline.js';
export {
  createMirror,
  type CreateMirrorOptions,
  type Mirror,
  type RunOptions,
} from './streams/createMirror.js';
export type { SyncReport, SyncCounts, CursorReport } from './streams/SyncReport.js';

// Sources
export { fromNdjson, type FromNdjsonOptions } from './sources/fromNdjson.js';
export { DEFAULT_MAX_LINE_BYTES } from './sources/files/NdjsonLineSplitter.js';
export type { SyncSource, Page, PullContext } from './sources/SyncSource.js';
export type { MirrorSource, ResumableSource, SourceContext } from './sources/MirrorSource.js';
export {
  fromSyncSource,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_PULL_TIMEOUT_MS,
  type FromSyncSourceOptions,
} from './sources/fromSyncSource.js';
export { fromHttpSource } from './sources/http/fromHttpSource.js';
export { httpSyncSources, type HttpSourceOptions } from './sources/http/httpSyncSources.js';
export {
  HttpSourceConfig,
  HttpResourceConfig,
  HttpPaging,
  HttpDeletion,
  HttpSince,
  HttpRetryConfig,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
} from './sources/http/HttpSourceConfig.js';
export type { HttpHeaderValue } from './sources/transport/HttpHeaderValue.js';
export type { Sleep, HttpResponseTiming } from './sources/transport/HttpTransport.js';

// Config (mirror.config.json)
export { MirrorConfig } from './config/MirrorConfig.js';
export { SourceConfig } from './config/SourceConfig.js';
export { decodeMirrorConfig, parseMirrorConfig } from './config/decodeMirrorConfig.js';
export { readMirrorConfig } from './config/readMirrorConfig.js';
export { sourcesFromConfig, type SourcesFromConfigOptions } from './config/sourcesFromConfig.js';

// Query
export { openQuery } from './query/openQuery.js';
export type { MirrorQuery } from './query/MirrorQuery.js';
export { DEFAULT_ROW_LIMIT, DEFAULT_QUERY_TIMEOUT_MS, type QueryOptions } from './query/QueryOptions.js';
export type { QueryResult } from './query/QueryResult.js';
export type { QueryParams, BindValue } from './query/QueryParams.js';
export { formatTable } from './format/formatTable.js';
export { formatCsv } from './format/formatCsv.js';
export { formatJson } from './format/formatJson.js';
export { formatNdjson } from './format/formatNdjson.js';

// Replay
export { eventLog, type EventLogOptions } from './replay/eventLog.js';
export {
  replayInto,
  type ReplayIntoOptions,
  type ReplayResult,
  type UnknownStrategies,
} from './replay/replayInto.js';
export type { ReplayCoverage, TakenAsLogged } from './replay/ReplayCoverage.js';
export { verifyMirror, type MirrorVerification, type VerifyMirrorOptions } from './replay/verifyMirror.js';

// CouchDB and file sources
export { CouchSourceConfig, DEFAULT_COUCH_LIMIT } from './sources/couchdb/CouchSourceConfig.js';
export { couchChangesSource, type CouchChangesSourceOptions } from './sources/couchdb/couchChangesSource.js';
export { NdjsonFileSourceConfig } from './sources/files/NdjsonFileSourceConfig.js';
export { ndjsonFileSource } from './sources/files/ndjsonFileSource.js';
export { DirectorySourceConfig, DEFAULT_DIRECTORY_PATTERN } from './sources/files/DirectorySourceConfig.js';
export { directorySource } from './sources/files/directorySource.js';
export type { FileSourceOptions } from './sources/files/FileSourceOptions.js';
export { FileSourceError } from './sources/files/FileSourceError.js';
export { ALL_RESOURCES } from './sources/files/decodeFileCursor.js';

// The agent's side: bounded queries in a child process, discovery, MCP
export {
  openQueryProcess,
  DEFAULT_WORKER_START_TIMEOUT_MS,
  type QueryProcessOptions,
} from './queryProcess/openQueryProcess.js';
export type { MirrorQueryProcess, DiscoveryCallOptions } from './queryProcess/MirrorQueryProcess.js';
export { DEFAULT_MAX_BYTES, type QueryCallOptions } from './query/QueryOptions.js';
export type { TruncatedBy } from './query/QueryResult.js';
export { describeMirror } from './discovery/describeMirror.js';
export { DESCRIBE_SAMPLE_SIZE } from './discovery/MirrorDescription.js';
export { listMirrorResources, type ResourceOverview } from './discovery/listMirrorResources.js';
export { formatMirrorDescription } from './discovery/formatMirrorDescription.js';
export type {
  ColumnDescription,
  SourceDescription,
  ResourceDescription,
} from './discovery/MirrorDescription.js';
export { createMirrorMcpServer } from './mcp/createMirrorMcpServer.js';
export { DEFAULT_MCP_MAX_BYTES, type MirrorMcpServerOptions } from './mcp/MirrorMcpServerOptions.js';
export { MAX_VIEW_FIELDS } from './views/prepareViewMaintenance.js';
export { batchByCountOrTime } from './operators/batchByCountOrTime.js';
