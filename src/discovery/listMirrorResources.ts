import type { MirrorQuery } from '../query/MirrorQuery.js';
import type { SqlJsonValue } from '../query/QueryResult.js';
import { VIEW_KEY_COLUMN, VIEW_PROVENANCE_COLUMNS } from '../views/viewColumns.js';
import { RESOURCE_OVERVIEW } from './discoveryStatements.js';
import { countOf, readMetadataRows, textOf } from './readMetadataRows.js';

/** One line of the mirror's table of contents. */
export interface ResourceOverview {
  readonly resource: string;
  /** The view to query; `null` until the writer has created it. */
  readonly view: string | null;
  /** Live records. */
  readonly records: number;
  /** The view's columns in order: `record_id`, one per payload field, then `_source`, `_confidence`, `_version`, `_synced_at`. */
  readonly columns: readonly string[];
}

const PROVENANCE = VIEW_PROVENANCE_COLUMNS.map((c) => c.column);

const parseColumns = (text: SqlJsonValue | undefined): string[] => {
  const parsed = JSON.parse(typeof text === 'string' ? text : '[]') as unknown;
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

/**
 * The mirror's table of contents, cheap enough to ask first: every resource with its view, live record
 * count (from the primary key, without reading payloads) and view columns. {@link describeMirror} adds
 * types, examples and sources.
 */
export const listMirrorResources = (query: MirrorQuery): ResourceOverview[] =>
  readMetadataRows(
    query,
    RESOURCE_OVERVIEW,
    [],
    (hint) => `listing resources: more resources than one list holds (${hint})`,
  ).map((row) => ({
    resource: textOf(row.resource),
    view: row.view === null || row.view === undefined ? null : textOf(row.view),
    records: countOf(row.records),
    columns: [VIEW_KEY_COLUMN.column, ...parseColumns(row.columns), ...PROVENANCE],
  }));
