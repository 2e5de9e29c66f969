import { QueryError } from '../errors/QueryError.js';
import type { SqlJsonValue } from '../query/QueryResult.js';
import type { MirrorQuery } from '../query/MirrorQuery.js';
import { VIEW_META_COLUMNS } from '../views/viewColumns.js';

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

const OVERVIEW = `SELECT r.resource AS resource, r.view_name AS view,
    (SELECT count(*) FROM mirror_records m WHERE m.resource = r.resource) AS records,
    (SELECT json_group_array(column_name) FROM
       (SELECT column_name FROM mirror_fields f WHERE f.resource = r.resource ORDER BY position)) AS columns
  FROM mirror_resources r ORDER BY r.resource`;

const [RECORD_ID, ...META] = VIEW_META_COLUMNS;

const str = (v: SqlJsonValue | undefined): string =>
  typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);

const parseColumns = (text: SqlJsonValue | undefined): string[] => {
  const parsed = JSON.parse(typeof text === 'string' ? text : '[]') as unknown;
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

/**
 * The mirror's table of contents, cheap enough to ask first: every resource with its view, live record
 * count (from the primary key, without reading payloads) and view columns. {@link describeMirror} adds
 * types, examples and sources.
 */
export const listMirrorResources = (query: MirrorQuery): ResourceOverview[] => {
  const result = query.query(OVERVIEW, [], { rowLimit: 100_000, maxBytes: 64 * 1024 * 1024 });
  if (result.truncated) {
    throw new QueryError(OVERVIEW, `listing resources: more resources than one list holds (${result.hint})`);
  }
  return result.rows.map((row) => ({
    resource: str(row.resource),
    view: row.view === null || row.view === undefined ? null : str(row.view),
    records: typeof row.records === 'number' ? row.records : Number(row.records),
    columns: [RECORD_ID, ...parseColumns(row.columns), ...META],
  }));
};
