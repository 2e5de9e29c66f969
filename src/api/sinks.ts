/**
 * `oxide-mirror/sinks`: the writer. `sqliteSink` takes batches of `MirrorItem`s and commits each in one
 * transaction (duplicates dropped, decisions taken inside it, events, records, views, rejects and
 * cursors written), emitting what committed; `sqliteSinkOnThread` does the same on a thread of its own.
 */
export { sqliteSink, type SqliteSinkOptions } from '../sinks/sqliteSink.js';
export {
  DEFAULT_BATCHES_IN_FLIGHT,
  sqliteSinkOnThread,
  type SqliteSinkOnThreadOptions,
} from '../sinks/writerThread/sqliteSinkOnThread.js';
export { batchWriter, type BatchWriter, type BatchWriterOptions } from '../sinks/batchWriter.js';
export type { AppliedBatch, AppliedChange } from '../sinks/AppliedBatch.js';
export type {
  DecidedBatch,
  DecidedDelta,
  DecidedItem,
  RefusalStage,
  RefusedDelta,
} from '../model/DecidedBatch.js';
