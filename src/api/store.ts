/**
 * `oxide-mirror/store`: the SQLite layout. The table names (`TABLES`), the versioned migrations and
 * the migrator, and the prepared statements the writer and replay use, each a function of a
 * better-sqlite3 connection: for tools that read or check a mirror file on a connection of their own.
 */
export { TABLES, TABLE_PREFIX } from '../store/tables.js';
export { MIGRATIONS, type Migration } from '../store/migrations.js';
export { migrate, type MigrateResult } from '../store/migrate.js';
export { IN_MEMORY, DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_CACHE_SIZE_MIB } from '../store/openStore.js';
export { prepareReadRecord, type ReadRecord } from '../store/statements/readRecord.js';
export { prepareReadTombstone, type ReadTombstone } from '../store/statements/readTombstone.js';
export {
  prepareListRecords,
  type ListRecords,
  type ListRecordsOptions,
} from '../store/statements/listRecords.js';
export {
  prepareListResources,
  type ListResources,
  type ResourceSummary,
} from '../store/statements/listResources.js';
export { prepareReadCursor, type ReadCursor } from '../store/statements/readCursor.js';
export { prepareListCursors, type ListCursors } from '../store/statements/listCursors.js';
export { prepareReadEvents, type ReadEvents } from '../store/statements/readEvents.js';
export { prepareIsKnownDelta, type IsKnownDelta } from '../store/statements/isKnownDelta.js';
export { prepareCountEvents, type CountEvents } from '../store/statements/countEvents.js';
export { integrityCheck } from '../store/statements/integrityCheck.js';
export { MAX_VIEW_FIELDS } from '../views/prepareViewMaintenance.js';
export { VIEW_META_COLUMNS } from '../views/viewColumns.js';
export {
  prepareReadPublishCursor,
  type ReadPublishCursor,
  type PublishCursor,
} from '../store/statements/readPublishCursor.js';
export {
  prepareListPublishPositions,
  PUBLISH_POSITIONS_SQL,
  type ListPublishPositions,
} from '../store/statements/listPublishPositions.js';
