import { QueryError } from '../errors/QueryError.js';
import type { SqlJsonValue } from '../query/QueryResult.js';
import type { MirrorQuery } from '../query/MirrorQuery.js';
import type { QueryParams } from '../query/QueryParams.js';
import { exactNumberSql } from '../views/exactNumberSql.js';
import {
  MAX_EXAMPLE_LENGTH,
  type ColumnDescription,
  type ResourceDescription,
  type SourceDescription,
} from './MirrorDescription.js';

/** Records sampled per resource to infer column types and examples. */
export const DESCRIBE_SAMPLE_SIZE = 1_000;

/** Limits of describe's own statements: metadata, not an agent's result, so generous but bounded. */
const INTERNAL = { rowLimit: 100_000, maxBytes: 64 * 1024 * 1024 } as const;

/** The order types are listed in; `null` always last. */
const TYPE_ORDER = ['text', 'integer', 'real', 'boolean', 'object', 'array'] as const;

/** `json_each`'s type names → ours. */
const JSON_TYPES: Readonly<Record<string, string>> = {
  text: 'text',
  integer: 'integer',
  real: 'real',
  true: 'boolean',
  false: 'boolean',
  object: 'object',
  array: 'array',
  null: 'null',
};

/** The view's own columns: their record column, and the type the schema gives them. */
const META_COLUMNS: readonly { column: string; expr: string; type: string }[] = [
  { column: '_source', expr: 'source', type: 'text' },
  { column: '_confidence', expr: 'confidence', type: 'real' },
  { column: '_version', expr: 'version', type: 'integer' },
  { column: '_synced_at', expr: 'last_synced_at', type: 'text' },
];

/** The most recently synced records of the resource bound to `:resource`. */
const SAMPLE = `sample AS (
  SELECT record_id, payload, source, confidence, version, last_synced_at FROM mirror_records
   WHERE resource = :resource ORDER BY last_synced_at DESC, record_id LIMIT ${DESCRIBE_SAMPLE_SIZE})`;

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

/** The JSON type of each field, `text` for a number its column reads as TEXT; by source, with counts. */
const fieldTypes = (lossless: boolean): string => `WITH ${SAMPLE}
  SELECT j.key AS field,
         CASE WHEN j.type IN ('integer', 'real') AND typeof(${fieldValue(lossless)}) = 'text' THEN 'text'
              ELSE j.type END AS type,
         s.source AS source, count(*) AS n
    FROM ${SAMPLED_FIELDS}
   WHERE json_type(s.payload) = 'object'
   GROUP BY 1, 2, 3`;

const fieldExamples = (lossless: boolean): string => `WITH ${SAMPLE},
  vals AS (
    SELECT j.key AS field, ${exampleOf(`(${fieldValue(lossless)})`)} AS value, max(s.last_synced_at) AS seen
      FROM ${SAMPLED_FIELDS}
     WHERE json_type(s.payload) = 'object' AND j.type <> 'null'
     GROUP BY 1, 2),
  ranked AS (
    SELECT field, value, row_number() OVER (PARTITION BY field ORDER BY seen DESC, value) AS n FROM vals)
  SELECT field, value FROM ranked WHERE n <= 3 ORDER BY field, n`;

const metaExamples = (expr: string): string => `WITH ${SAMPLE}
  SELECT ${exampleOf(expr)} AS value FROM sample GROUP BY 1 ORDER BY max(last_synced_at) DESC, 1 LIMIT 3`;

const SAMPLE_SOURCES = `WITH ${SAMPLE} SELECT DISTINCT source FROM sample ORDER BY source`;

const SOURCES = `SELECT source, count(*) AS records, max(last_synced_at) AS last FROM mirror_records
  WHERE resource = :resource GROUP BY source ORDER BY source`;

const RESOURCES = `SELECT r.resource AS resource, r.view_name AS view,
    (SELECT count(*) FROM mirror_records m WHERE m.resource = r.resource) AS records
  FROM mirror_resources r WHERE (:resource IS NULL OR r.resource = :resource) ORDER BY r.resource`;

const FIELDS = 'SELECT field, column_name FROM mirror_fields WHERE resource = :resource ORDER BY position';

const HAS_FIELDS_TABLE = `SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'mirror_fields'`;

/** Whether the registry marks fields that held numbers SQLite cannot hold exactly (schema 3 on). */
const HAS_LOSSLESS_MARKS = `SELECT count(*) AS n FROM pragma_table_info('mirror_fields') WHERE name = 'lossless_numbers'`;

const num = (v: SqlJsonValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));
const str = (v: SqlJsonValue | undefined): string =>
  typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);

/** Runs one of describe's own statements and returns all its rows; refuses to describe from a cut result. */
const allRows = (query: MirrorQuery, sql: string, params: QueryParams): Record<string, SqlJsonValue>[] => {
  const result = query.query(sql, params, INTERNAL);
  if (result.truncated) {
    throw new QueryError(
      sql,
      `describe: the mirror's metadata is larger than describe reads (${result.hint})`,
    );
  }
  return result.rows;
};

const typeName = (types: ReadonlySet<string>, nullable: boolean): string => {
  const named = TYPE_ORDER.filter((t) => types.has(t));
  return named.length === 0 ? 'null' : [...named, ...(nullable ? ['null'] : [])].join('|');
};

const describeResource = (
  query: MirrorQuery,
  resource: string,
  view: string | null,
  records: number,
  lossless: boolean,
): ResourceDescription => {
  const params = { resource };
  const sampled = Math.min(records, DESCRIBE_SAMPLE_SIZE);

  const seen = new Map<string, { types: Set<string>; sources: Set<string>; present: number }>();
  for (const row of allRows(query, fieldTypes(lossless), params)) {
    const field = str(row.field);
    const entry = seen.get(field) ?? { types: new Set(), sources: new Set(), present: 0 };
    const type = JSON_TYPES[str(row.type)] ?? str(row.type);
    entry.types.add(type);
    if (type !== 'null') {
      entry.sources.add(str(row.source));
      entry.present += num(row.n);
    }
    seen.set(field, entry);
  }
  const examples = new Map<string, SqlJsonValue[]>();
  for (const row of allRows(query, fieldExamples(lossless), params)) {
    const field = str(row.field);
    examples.set(field, [...(examples.get(field) ?? []), row.value ?? null]);
  }
  const sampleSources = allRows(query, SAMPLE_SOURCES, params).map((r) => str(r.source));

  const fieldColumns = allRows(query, FIELDS, params).map((f): ColumnDescription => {
    const field = str(f.field);
    const entry = seen.get(field);
    return {
      column: str(f.column_name),
      field,
      type: typeName(entry?.types ?? new Set(), (entry?.present ?? 0) < sampled),
      examples: examples.get(field) ?? [],
      sources: [...(entry?.sources ?? [])].sort(),
    };
  });
  const metaColumn = (column: string, expr: string, type: string): ColumnDescription => ({
    column,
    field: null,
    type: sampled === 0 ? 'null' : type,
    examples: allRows(query, metaExamples(expr), params).map((r) => r.value ?? null),
    sources: sampleSources,
  });
  const sources = allRows(query, SOURCES, params).map((row): SourceDescription => ({
    source: str(row.source),
    records: num(row.records),
    lastSyncedAt: str(row.last),
  }));
  return {
    resource,
    view,
    records,
    columns: [
      metaColumn('record_id', 'record_id', 'text'),
      ...fieldColumns,
      ...META_COLUMNS.map((m) => metaColumn(m.column, m.expr, m.type)),
    ],
    sources,
    sampled,
  };
};

/**
 * What is in the mirror, for an agent that has never seen it: each resource's view, record count,
 * columns with inferred types, example values and the sources that fed them, and the last sync time per
 * source. Types and examples come from the {@link DESCRIBE_SAMPLE_SIZE} most recently synced records of
 * each resource (one pass of `json_each` over them per question, not one per column). Only `resource`
 * when given (an unknown name gives `[]`).
 *
 * Runs only read-only statements through the given connection (typically {@link openQuery}'s), each
 * bounded by the connection's time limit.
 *
 * @throws {@link QueryError} when the database has no view registry (a mirror written before views
 *   existed and not opened by a writer since: opening it with `openStore` migrates it).
 */
export const describeMirror = (query: MirrorQuery, resource?: string): ResourceDescription[] => {
  if (num(allRows(query, HAS_FIELDS_TABLE, [])[0]?.n) === 0) {
    throw new QueryError(
      HAS_FIELDS_TABLE,
      'describe: this mirror has no view registry (mirror_fields) yet; open it once with a writer ' +
        '(any ingest or sync, or openStore) to migrate it',
    );
  }
  const lossless = num(allRows(query, HAS_LOSSLESS_MARKS, [])[0]?.n) > 0;
  return allRows(query, RESOURCES, { resource: resource ?? null }).map((r) =>
    describeResource(query, str(r.resource), r.view === null ? null : str(r.view), num(r.records), lossless),
  );
};
