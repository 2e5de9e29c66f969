import type Database from 'better-sqlite3';
import { isJsonObject, type JsonValue } from '../model/JsonValue.js';
import { prepareViewRegistry } from '../store/statements/viewRegistry.js';
import { columnNameFor } from './columnNameFor.js';
import { holdsInexactNumber } from './holdsInexactNumber.js';
import { isAddressableField } from './isAddressableField.js';
import { resourceViewSql, type ViewField } from './resourceViewSql.js';
import { viewNameFor } from './viewNameFor.js';

/**
 * Most payload fields a view gets columns for (SQLite allows 2,000 columns). Fields past it stay
 * readable with `json_extract(payload, '$.field')` on `mirror_records`; no view ever breaks. Fields
 * whose key holds a NUL get no column either ({@link isAddressableField}).
 */
export const MAX_VIEW_FIELDS = 500;

interface ResourceView {
  readonly view: string;
  readonly fields: Map<string, string>; // field → column
  /** Fields that have held a number SQLite cannot hold exactly: their columns read it as TEXT. */
  readonly lossless: Set<string>;
  /**
   * The keys, in order, of the last payload that brought no new field: a payload with these keys (most
   * of a resource's payloads) is known to bring none by comparing names, without a lookup per field.
   */
  knownKeys: readonly string[];
}

/**
 * Keeps one view per resource in step with the data, inside the writer's transactions:
 * `noteRecord` registers a resource's view and any top-level field not seen before (a row in
 * `mirror_fields`), marks a field once it holds a number SQLite cannot hold exactly (a bigint beyond
 * 64 bits, a LosslessNumber: its column then reads such numbers as TEXT with their digits, see
 * `resourceViewSql`), and `flush` (re)creates the views that changed. Call both inside the batch's
 * transaction, so a view never names a column its data does not have, and a rolled-back batch
 * leaves no field behind; after a rollback, call `reload`. Memory: the field names of every resource.
 */
export interface ViewMaintenance {
  noteRecord(resource: string, payload: JsonValue, at: string): void;
  flush(): void;
  reload(): void;
}

export const prepareViewMaintenance = (db: Database.Database): ViewMaintenance => {
  const registry = prepareViewRegistry(db);
  const views = new Map<string, ResourceView>();
  const dirty = new Set<string>();

  const reload = (): void => {
    views.clear();
    dirty.clear();
    for (const { resource, view } of registry.readViews())
      views.set(resource, { view, fields: new Map(), lossless: new Set(), knownKeys: [] });
    for (const { resource, field, column, losslessNumbers } of registry.readFields()) {
      const entry = views.get(resource);
      entry?.fields.set(field, column);
      if (losslessNumbers) entry?.lossless.add(field);
    }
  };

  const viewOf = (resource: string): ResourceView => {
    let entry = views.get(resource);
    if (entry === undefined) {
      const view = viewNameFor(resource, new Set([...views.values()].map((v) => v.view)));
      registry.setViewName(resource, view);
      entry = { view, fields: new Map(), lossless: new Set(), knownKeys: [] };
      views.set(resource, entry);
      dirty.add(resource);
    }
    return entry;
  };

  const noteRecord = (resource: string, payload: JsonValue, at: string): void => {
    const entry = viewOf(resource);
    if (!isJsonObject(payload)) return;
    let fresh = false;
    let inexact = false;
    const known = entry.knownKeys;
    let asKnown = true; // every key so far is the known key at its place
    let keys = 0;
    for (const field in payload) {
      if (asKnown && known[keys] !== field) asKnown = false;
      keys++;
      if (!asKnown && !fresh && !entry.fields.has(field) && isAddressableField(field)) fresh = true;
      if (!inexact && holdsInexactNumber(payload[field]) && !entry.lossless.has(field)) inexact = true;
    }
    if (!fresh && !(asKnown && keys === known.length)) entry.knownKeys = Object.keys(payload);
    if (fresh) {
      // New fields take columns in key order, so the view is the same however the payload's keys were
      // ordered (replay reads canonical, sorted payloads).
      for (const field of Object.keys(payload).sort()) {
        if (entry.fields.has(field) || entry.fields.size >= MAX_VIEW_FIELDS || !isAddressableField(field))
          continue;
        const column = columnNameFor(field, new Set(entry.fields.values()));
        const lossless = holdsInexactNumber(payload[field]);
        registry.insertField({ resource, field, column, losslessNumbers: lossless }, entry.fields.size, at);
        entry.fields.set(field, column);
        if (lossless) entry.lossless.add(field);
        dirty.add(resource);
      }
    }
    if (!inexact) return;
    for (const field in payload) {
      if (!holdsInexactNumber(payload[field]) || entry.lossless.has(field) || !entry.fields.has(field))
        continue;
      registry.markLossless(resource, field);
      entry.lossless.add(field);
      dirty.add(resource);
    }
  };

  const flush = (): void => {
    for (const resource of dirty) {
      const entry = views.get(resource);
      if (entry === undefined) continue;
      const fields: ViewField[] = [...entry.fields].map(([field, column]) => ({
        field,
        column,
        losslessNumbers: entry.lossless.has(field),
      }));
      for (const sql of resourceViewSql(entry.view, resource, fields)) db.exec(sql);
    }
    dirty.clear();
  };

  reload();
  // Resources registered before views existed (schema 1) get theirs now, from their records.
  const unviewed = registry.unviewedResources();
  if (unviewed.length > 0) {
    db.transaction(() => {
      const at = new Date().toISOString();
      for (const resource of unviewed) {
        noteRecord(
          resource,
          Object.fromEntries(registry.fieldsInRecords(resource).map((f) => [f, null])),
          at,
        );
      }
      flush();
    })();
  }
  return { reload, noteRecord, flush };
};
