/**
 * The SQL discovery runs ({@link describeMirror}, {@link listMirrorResources}), all read-only: named
 * statements, and builders for those that vary with the mirror's schema or with the column read. Each
 * says what it binds and what a row holds. Describe's statements read a sample, the
 * {@link DESCRIBE_SAMPLE_SIZE} most recently synced records of the resource bound to `:resource`.
 */
import { exactNumberSql } from '../views/exactNumberSql.js';
import { DESCRIBE_SAMPLE_SIZE, MAX_EXAMPLE_LENGTH } from './MirrorDescription.js';

/** Whether the view registry exists: one row `n` (0 or 1). */
export const HAS_FIELDS_TABLE = `SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'mirror_fields'`;

/** Whether the registry marks fields that held numbers SQLite cannot hold exactly (schema 3 on): one row `n`. */
export const HAS_LOSSLESS_MARKS = `SELECT count(*) AS n FROM pragma_table_info('mirror_fields') WHERE name = 'lossless_numbers'`;

/** A resource's name, view and live record count (from the primary key, without reading payloads). */
const RESOURCE_ROW = `SELECT r.resource AS resource, r.view_name AS view,
    (SELECT count(*) FROM mirror_records m WHERE m.resource = r.resource) AS records`;

/** Rows `resource`, `view`, `records` of the resource bound to `:resource`, or of all when it is null. */
export const DESCRIBED_RESOURCES = `${RESOURCE_ROW}
  FROM mirror_resources r WHERE (:resource IS NULL OR r.resource = :resource) ORDER BY r.resource`;

/** Rows `resource`, `view`, `records` and `columns` (the field columns as a JSON array), of every resource. */
export const RESOURCE_OVERVIEW = `${RESOURCE_ROW},
    (SELECT json_group_array(column_name) FROM
       (SELECT column_name FROM mirror_fields f WHERE f.resource = r.resource ORDER BY position)) AS columns
  FROM mirror_resources r ORDER BY r.resource`;

/** Rows `field`, `column_name` of the resource bound to `:resource`, in column order. */
export const VIEW_FIELDS =
  'SELECT field, column_name FROM mirror_fields WHERE resource = :resource ORDER BY position';

/** Rows `source`, `records`, `last` (latest sync) of the resource bound to `:resource`, by source. */
export const RESOURCE_SOURCES = `SELECT source, count(*) AS records, max(last_synced_at) AS last FROM mirror_records
  WHERE resource = :resource GROUP BY source ORDER BY source`;

/** The most recently synced records of the resource bound to `:resource`. */
const SAMPLE = `sample AS (
  SELECT record_id, payload, source, confidence, version, last_synced_at FROM mirror_records
   WHERE resource = :resource ORDER BY last_synced_at DESC, record_id LIMIT ${DESCRIBE_SAMPLE_SIZE})`;

/** Rows `source`: the sources of the sampled records, by name. */
export const SAMPLED_SOURCES = `WITH ${SAMPLE} SELECT DISTINCT source FROM sample ORDER BY source`;

/** A value cut to an example: text (and JSON text) longer than MAX_EXAMPLE_LENGTH ends with `…`. */
const exampleOf = (expr: string): string =>
  `CASE WHEN typeof(${expr}) = 'text' AND length(${expr}) > ${MAX_EXAMPLE_LENGTH}
        THEN substr(${expr}, 1, ${MAX_EXAMPLE_LENGTH - 1}) || '…' ELSE ${expr} END`;

/**
 * A field's value in a sampled record, as its view column reads it: in a column that has held a number
 * SQLite cannot hold exactly (`mirror_fields.lossless_numbers`), such a number is TEXT with its digits,
 * not `json_each`'s rounded REAL. `fieldValue(false)` for a mirror from before that column existed.
 */
const fieldValue = (lossless: boolean): string =>
  lossless
    ? `CASE WHEN f.lossless_numbers = 1
         THEN ${exactNumberSql({ value: 'j.value', text: '(s.payload -> j.fullkey)', type: 'j.type' })}
         ELSE j.value END`
    : 'j.value';

/** The fields of each sampled record, with their registry row (for `lossless_numbers`). */
const SAMPLED_FIELDS = `sample s CROSS JOIN json_each(s.payload) j
    LEFT JOIN mirror_fields f ON f.resource = :resource AND f.field = j.key`;

/**
 * Rows `field`, `type` (`json_each`'s type name; `text` for a number its column reads as TEXT),
 * `source`, `n` (how many sampled records): the JSON types of the sampled fields, by source.
 * `lossless`: the mirror has {@link HAS_LOSSLESS_MARKS}.
 */
export const sampledFieldTypesSql = (lossless: boolean): string => `WITH ${SAMPLE}
  SELECT j.key AS field,
         CASE WHEN j.type IN ('integer', 'real') AND typeof(${fieldValue(lossless)}) = 'text' THEN 'text'
              ELSE j.type END AS type,
         s.source AS source, count(*) AS n
    FROM ${SAMPLED_FIELDS}
   WHERE json_type(s.payload) = 'object'
   GROUP BY 1, 2, 3`;

/**
 * Rows `field`, `value`: up to three distinct non-null examples of each sampled field, most recently
 * synced first, as its view column reads them, cut to MAX_EXAMPLE_LENGTH.
 */
export const sampledFieldExamplesSql = (lossless: boolean): string => `WITH ${SAMPLE},
  vals AS (
    SELECT j.key AS field, ${exampleOf(`(${fieldValue(lossless)})`)} AS value, max(s.last_synced_at) AS seen
      FROM ${SAMPLED_FIELDS}
     WHERE json_type(s.payload) = 'object' AND j.type <> 'null'
     GROUP BY 1, 2),
  ranked AS (
    SELECT field, value, row_number() OVER (PARTITION BY field ORDER BY seen DESC, value) AS n FROM vals)
  SELECT field, value FROM ranked WHERE n <= 3 ORDER BY field, n`;

/**
 * Rows `value`: up to three distinct examples of a view's own column (its `mirror_records`
 * `expression`, see `viewColumns.ts`) in the sample, most recently synced first.
 */
export const sampledColumnExamplesSql = (expression: string): string => `WITH ${SAMPLE}
  SELECT ${exampleOf(expression)} AS value FROM sample GROUP BY 1 ORDER BY max(last_synced_at) DESC, 1 LIMIT 3`;
