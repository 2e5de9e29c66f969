import type { SqlJsonValue } from '../query/QueryResult.js';
import { displayWidth, truncateToWidth } from '../format/displayWidth.js';
import { quoteLiteral } from '../views/safeIdentifier.js';
import type { ColumnDescription, ResourceDescription } from './MirrorDescription.js';

/** Widest the examples of one column are shown, in terminal cells. */
const EXAMPLES_WIDTH = 60;

/** How views work, said once after the resources: what an agent needs to write its first query. */
export const VIEW_GUIDE =
  'Each view has one row per live record: record_id, one column per top-level payload field, then ' +
  '_source (the source of the current version), _confidence, _version and _synced_at. Objects and arrays ' +
  "are JSON text: read inside with json_extract(column, '$.key') or json_each(column). Booleans are 1/0. " +
  'A number SQLite cannot hold exactly (an integer beyond 64 bits, more digits than a double keeps, beyond ' +
  "its range) is TEXT with all its digits; its column's type then includes text (id = '12345678901234567890'). " +
  'Whole payloads and history: mirror_records (resource, record_id, payload, …) and mirror_events.';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** An example as JSON, except JSON text in an object or array column, which is shown as the JSON it is. */
const exampleJson = (value: SqlJsonValue, column: ColumnDescription): string =>
  typeof value === 'string' && /object|array/.test(column.type) && /^[[{]/.test(value)
    ? value
    : JSON.stringify(value);

const exampleText = (column: ColumnDescription): string =>
  truncateToWidth(
    column.examples
      .map((v) => exampleJson(v, column))
      .join(', ')
      .replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    EXAMPLES_WIDTH,
  );

const columnName = (c: ColumnDescription): string =>
  c.field === null || c.field === c.column ? c.column : `${c.column} (field ${JSON.stringify(c.field)})`;

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Lines of cells padded into aligned columns (last column unpadded), each indented. */
const aligned = (rows: readonly (readonly string[])[], indent: string): string[] => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? '')))) ?? [];
  return rows.map(
    (cells) =>
      indent +
      cells
        .map((cell, i) =>
          i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell)),
        )
        .join('  ')
        .trimEnd(),
  );
};

const describeOne = (r: ResourceDescription): string[] => {
  const where =
    r.view === null
      ? `no view yet: SELECT * FROM mirror_records WHERE resource = ${quoteLiteral(r.resource)}`
      : `view ${r.view}`;
  const sample =
    r.sampled === r.records
      ? 'types and examples from all of them'
      : `types and examples from the ${r.sampled} most recently synced`;
  const columns = [
    ['column', 'type', 'examples', 'sources'],
    ...r.columns.map((c) => [
      columnName(c),
      c.type,
      exampleText(c),
      c.field === null ? '' : c.sources.join(', '),
    ]),
  ];
  const sources =
    r.sources.length === 0
      ? ['    (none)']
      : aligned(
          r.sources.map((s) => [s.source, plural(s.records, 'record'), `last synced ${s.lastSyncedAt}`]),
          '    ',
        );
  return [
    `${r.resource}: ${where}, ${plural(r.records, 'record')} (${sample})`,
    ...aligned(columns, '  '),
    '  sources:',
    ...sources,
  ];
};

/**
 * A mirror description as text a person and an agent can both read: per resource its view and record
 * count, then per column its name (and payload field when the name differs), type, examples and the
 * sources that fed it, then the last sync per source; {@link VIEW_GUIDE} last. Ends without a newline.
 */
export const formatMirrorDescription = (resources: readonly ResourceDescription[]): string => {
  if (resources.length === 0) return 'The mirror has no resources yet.';
  return [...resources.flatMap((r) => [...describeOne(r), '']), VIEW_GUIDE].join('\n');
};
