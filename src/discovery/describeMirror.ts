import { QueryError } from '../errors/QueryError.js';
import type { MirrorQuery } from '../query/MirrorQuery.js';
import type { QueryParams } from '../query/QueryParams.js';
import type { SqlJsonValue } from '../query/QueryResult.js';
import { VIEW_KEY_COLUMN, VIEW_PROVENANCE_COLUMNS, type ViewOwnColumn } from '../views/viewColumns.js';
import {
  DESCRIBED_RESOURCES,
  HAS_FIELDS_TABLE,
  HAS_LOSSLESS_MARKS,
  RESOURCE_SOURCES,
  SAMPLED_SOURCES,
  sampledColumnExamplesSql,
  sampledFieldExamplesSql,
  sampledFieldTypesSql,
  VIEW_FIELDS,
} from './discoveryStatements.js';
import {
  DESCRIBE_SAMPLE_SIZE,
  type ColumnDescription,
  type ResourceDescription,
  type SourceDescription,
} from './MirrorDescription.js';
import { countOf, readMetadataRows, textOf, type MetadataRow } from './readMetadataRows.js';

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

/** Runs one of describe's own statements and returns all its rows; refuses to describe from a cut result. */
const allRows = (query: MirrorQuery, sql: string, params: QueryParams): MetadataRow[] =>
  readMetadataRows(
    query,
    sql,
    params,
    (hint) => `describe: the mirror's metadata is larger than describe reads (${hint})`,
  );

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
  for (const row of allRows(query, sampledFieldTypesSql(lossless), params)) {
    const field = textOf(row.field);
    const entry = seen.get(field) ?? { types: new Set(), sources: new Set(), present: 0 };
    const type = JSON_TYPES[textOf(row.type)] ?? textOf(row.type);
    entry.types.add(type);
    if (type !== 'null') {
      entry.sources.add(textOf(row.source));
      entry.present += countOf(row.n);
    }
    seen.set(field, entry);
  }
  const examples = new Map<string, SqlJsonValue[]>();
  for (const row of allRows(query, sampledFieldExamplesSql(lossless), params)) {
    const field = textOf(row.field);
    examples.set(field, [...(examples.get(field) ?? []), row.value ?? null]);
  }
  const sampleSources = allRows(query, SAMPLED_SOURCES, params).map((r) => textOf(r.source));

  const fieldColumns = allRows(query, VIEW_FIELDS, params).map((f): ColumnDescription => {
    const field = textOf(f.field);
    const entry = seen.get(field);
    return {
      column: textOf(f.column_name),
      field,
      type: typeName(entry?.types ?? new Set(), (entry?.present ?? 0) < sampled),
      examples: examples.get(field) ?? [],
      sources: [...(entry?.sources ?? [])].sort(),
    };
  });
  const ownColumn = ({ column, expression, type }: ViewOwnColumn): ColumnDescription => ({
    column,
    field: null,
    type: sampled === 0 ? 'null' : type,
    examples: allRows(query, sampledColumnExamplesSql(expression), params).map((r) => r.value ?? null),
    sources: sampleSources,
  });
  const sources = allRows(query, RESOURCE_SOURCES, params).map((row): SourceDescription => ({
    source: textOf(row.source),
    records: countOf(row.records),
    lastSyncedAt: textOf(row.last),
  }));
  return {
    resource,
    view,
    records,
    columns: [ownColumn(VIEW_KEY_COLUMN), ...fieldColumns, ...VIEW_PROVENANCE_COLUMNS.map(ownColumn)],
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
  if (countOf(allRows(query, HAS_FIELDS_TABLE, [])[0]?.n) === 0) {
    throw new QueryError(
      HAS_FIELDS_TABLE,
      'describe: this mirror has no view registry (mirror_fields) yet; open it once with a writer ' +
        '(any ingest or sync, or openStore) to migrate it',
    );
  }
  const lossless = countOf(allRows(query, HAS_LOSSLESS_MARKS, [])[0]?.n) > 0;
  return allRows(query, DESCRIBED_RESOURCES, { resource: resource ?? null }).map((r) =>
    describeResource(
      query,
      textOf(r.resource),
      r.view === null ? null : textOf(r.view),
      countOf(r.records),
      lossless,
    ),
  );
};
