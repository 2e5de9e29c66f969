import { quoteIdentifier, quoteLiteral } from './safeIdentifier.js';

export interface ViewField {
  /** The payload's top-level key, exactly. */
  readonly field: string;
  /** Its column in the view. */
  readonly column: string;
}

/**
 * JSON path of a top-level key, quoted as a JSON string so that any key (dots, quotes, brackets,
 * control characters, NUL) is addressed exactly, and the SQL text never holds a raw NUL.
 */
export const jsonPath = (field: string): string => `$.${JSON.stringify(field)}`;

/**
 * The statements that (re)create a resource's view over `mirror_records`: `record_id`, one column per
 * payload field (nested objects and arrays stay JSON text), then `_source`, `_confidence`,
 * `_version`, `_synced_at`. Filtering on `resource` keeps lookups by `record_id` on the primary key.
 */
export const resourceViewSql = (view: string, resource: string, fields: readonly ViewField[]): string[] => {
  const columns = [
    'record_id',
    ...fields.map(
      (f) => `json_extract(payload, ${quoteLiteral(jsonPath(f.field))}) AS ${quoteIdentifier(f.column)}`,
    ),
    'source AS _source',
    'confidence AS _confidence',
    'version AS _version',
    'last_synced_at AS _synced_at',
  ];
  return [
    `DROP VIEW IF EXISTS ${quoteIdentifier(view)}`,
    `CREATE VIEW ${quoteIdentifier(view)} AS SELECT ${columns.join(', ')} FROM mirror_records WHERE resource = ${quoteLiteral(resource)}`,
  ];
};
