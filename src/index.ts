/**
 * oxide-mirror: a local, event-sourced data mirror on RxJS and SQLite. This is the surface the README
 * uses: build deltas, run a mirror over sources into a SQLite file, query it read-only, replay it. The
 * lower-level pieces are sub-path exports: `oxide-mirror/operators` (the pipeline's stages),
 * `oxide-mirror/sinks` (the writer), `oxide-mirror/streams` (the assembled pipeline and its items),
 * `oxide-mirror/store` (tables, migrations, statements), `oxide-mirror/sources` (the source building
 * blocks and their defaults), `oxide-mirror/query` (limits, formatters, the query process) and
 * `oxide-mirror/config` (the config file's codecs).
 */

// Deltas
export { Delta, DeltaOp, Provenance, type DeltaJson } from './model/Delta.js';
export { JsonValue, isJsonObject, type JsonObject } from './model/JsonValue.js';
// A payload number a double does not keep is a LosslessNumber (lossless-json's; part of JsonValue).
export { LosslessNumber, isLosslessNumber } from 'lossless-json';
export { RecordId } from './model/RecordId.js';
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
export type { MirroredRecord, Tombstone } from './model/MirroredRecord.js';

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
export type { StrategyOptions } from './strategies/selectStrategy.js';

// A mirror: its store, its run, what it reports
export { openStore, type OpenStoreOptions } from './store/openStore.js';
export type { MirrorStore } from './store/MirrorStore.js';
export { listCursors, type StoredCursor } from './store/listCursors.js';
export { resetCursors, type ResetCursorsOptions } from './store/resetCursors.js';
export {
  createMirror,
  type CreateMirrorOptions,
  type Mirror,
  type RunOptions,
} from './streams/createMirror.js';
export type { MirrorWriter } from './streams/mirrorPipeline.js';
export type { SyncReport, SyncCounts, CursorReport } from './streams/SyncReport.js';
export type { AppliedChange } from './sinks/AppliedBatch.js';
export type { Decision, RefusalPolicy } from './model/DecidedBatch.js';

// Publishing a mirror's changes to NATS JetStream, for other hosts to follow
export {
  createPublisher,
  type CreatePublisherOptions,
  type PublishSnapshotOptions,
} from './publish/createPublisher.js';
export type { Publisher, PublishReport, SnapshotReport, StopPublishingOptions } from './publish/Publisher.js';
export { listPublishPositions, type PublishPosition } from './store/listPublishPositions.js';
export type { PublishCursor } from './store/statements/readPublishCursor.js';

// Sources
export type { SyncSource, Page, PullContext } from './sources/SyncSource.js';
export type { MirrorSource, ResumableSource, SourceContext } from './sources/MirrorSource.js';
export { fromSyncSource, type FromSyncSourceOptions } from './sources/fromSyncSource.js';
export { fromNdjson, type FromNdjsonOptions } from './sources/fromNdjson.js';
export { fromHttpSource } from './sources/http/fromHttpSource.js';
export { HttpSourceConfig } from './sources/http/HttpSourceConfig.js';
export { couchChangesSource } from './sources/couchdb/couchChangesSource.js';
export { CouchSourceConfig } from './sources/couchdb/CouchSourceConfig.js';
export { ndjsonFileSource } from './sources/files/ndjsonFileSource.js';
export { NdjsonFileSourceConfig } from './sources/files/NdjsonFileSourceConfig.js';
export { directorySource } from './sources/files/directorySource.js';
export { DirectorySourceConfig } from './sources/files/DirectorySourceConfig.js';
export { jetStreamSource, type JetStreamSourceOptions } from './sources/jetstream/jetStreamSource.js';
export { JetStreamSourceConfig } from './sources/jetstream/JetStreamSourceConfig.js';
export { readMirrorConfig } from './config/readMirrorConfig.js';
export { sourcesFromConfig, type SourcesFromConfigOptions } from './config/sourcesFromConfig.js';

// Reading a mirror: SQL, discovery, the MCP server
export { openQuery } from './query/openQuery.js';
export type { MirrorQuery } from './query/MirrorQuery.js';
export type { QueryOptions, QueryCallOptions } from './query/QueryOptions.js';
export type { QueryResult, SqlJsonValue, TruncatedBy } from './query/QueryResult.js';
export type { QueryParams, BindValue } from './query/QueryParams.js';
export { openQueryProcess, type QueryProcessOptions } from './queryProcess/openQueryProcess.js';
export type { MirrorQueryProcess, DiscoveryCallOptions } from './queryProcess/MirrorQueryProcess.js';
export { describeMirror } from './discovery/describeMirror.js';
export { listMirrorResources, type ResourceOverview } from './discovery/listMirrorResources.js';
export type {
  ColumnDescription,
  SourceDescription,
  ResourceDescription,
} from './discovery/MirrorDescription.js';
export { createMirrorMcpServer } from './mcp/createMirrorMcpServer.js';
export type { MirrorMcpServerOptions } from './mcp/MirrorMcpServerOptions.js';

// Replay
export { eventLog, type EventLogOptions } from './replay/eventLog.js';
export type { LoggedEvent } from './store/LoggedEvent.js';
export {
  replayInto,
  type ReplayIntoOptions,
  type ReplayResult,
  type UnknownStrategies,
} from './replay/replayInto.js';
export type { ReplayCoverage, TakenAsLogged } from './replay/ReplayCoverage.js';
export { verifyMirror, type MirrorVerification, type VerifyMirrorOptions } from './replay/verifyMirror.js';

// Errors: branch on the class or its `code`
export { MirrorError, isMirrorError, type MirrorErrorCode } from './errors/MirrorError.js';
export { DecodeError, type DecodeIssue } from './errors/DecodeError.js';
export { InvalidOptionsError } from './errors/InvalidOptionsError.js';
export { StorageError } from './errors/StorageError.js';
export { StorageFullError } from './errors/StorageFullError.js';
export { StorageCorruptError } from './errors/StorageCorruptError.js';
export { MigrationError } from './errors/MigrationError.js';
export { ConcurrentWriterError } from './errors/ConcurrentWriterError.js';
export { CursorMovedError } from './errors/CursorMovedError.js';
export { StrategyError } from './errors/StrategyError.js';
export { UnknownStrategyError } from './errors/UnknownStrategyError.js';
export { UnknownSourceError } from './errors/UnknownSourceError.js';
export { SourceFailedError } from './errors/SourceFailedError.js';
export { SourceProtocolError } from './errors/SourceProtocolError.js';
export { SourceTimeoutError } from './errors/SourceTimeoutError.js';
export { HttpSourceError, type HttpFailureKind } from './errors/HttpSourceError.js';
export { FileSourceError } from './sources/files/FileSourceError.js';
export { JetStreamSourceError } from './errors/JetStreamSourceError.js';
export { StreamPositionLostError } from './errors/StreamPositionLostError.js';
export { QueryRefusedError } from './errors/QueryRefusedError.js';
export { QueryError } from './errors/QueryError.js';
export { QueryArgumentError } from './errors/QueryArgumentError.js';
export { ReplayDivergedError } from './errors/ReplayDivergedError.js';
export { PublishError } from './errors/PublishError.js';
