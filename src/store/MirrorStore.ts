import type { CountEvents } from './statements/countEvents.js';
import type { CountRecordsByResource } from './statements/countRecordsByResource.js';
import type { ListRecords } from './statements/listRecords.js';
import type { ListResources } from './statements/listResources.js';
import type { ReadCursor } from './statements/readCursor.js';
import type { ReadRecord } from './statements/readRecord.js';
import type { ReadTombstone } from './statements/readTombstone.js';
import type { IsKnownDelta } from './statements/isKnownDelta.js';

/**
 * An open mirror database: the writer connection plus the library reads the original crate offered.
 * One process, one `MirrorStore` per database file: the pipeline is its only writer.
 */
export interface MirrorStore {
  /** The file path, or `:memory:`. */
  readonly path: string;
  /** Schema version after migrating. */
  readonly schemaVersion: number;
  /** The size limit it was opened with (`OpenStoreOptions.maxSizeMiB`), if any. */
  readonly maxSizeMiB: number | undefined;
  /** How long a statement waits for a lock, as opened (`busyTimeoutMs`). */
  readonly busyTimeoutMs: number;
  /** The page cache of the connection, as opened (`cacheSizeMiB`). */
  readonly cacheSizeMiB: number;
  readonly readRecord: ReadRecord;
  readonly readTombstone: ReadTombstone;
  readonly listRecords: ListRecords;
  readonly listResources: ListResources;
  /** Live record count per resource. */
  readonly countByResource: CountRecordsByResource;
  readonly readCursor: ReadCursor;
  readonly isKnownDelta: IsKnownDelta;
  /** Number of events in the log. */
  readonly countEvents: CountEvents;
  close(): void;
}
