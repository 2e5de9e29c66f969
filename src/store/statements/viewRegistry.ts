import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** A resource's view as registered: its name. */
export interface RegisteredView {
  readonly resource: string;
  readonly view: string;
}

/** A payload field with a column in its resource's view. */
export interface RegisteredField {
  readonly resource: string;
  readonly field: string;
  readonly column: string;
  /** Whether it has held a number SQLite cannot hold exactly (its column then reads such as TEXT). */
  readonly losslessNumbers: boolean;
}

/**
 * The statements on the views' registry (`mirror_resources.view_name` and `mirror_fields`): what the
 * writer keeps in step with the data, in its own transactions, so that a view never names a column its
 * data does not have.
 */
export interface ViewRegistry {
  readViews(): RegisteredView[];
  /** Every field, by resource and then in column order. */
  readFields(): RegisteredField[];
  setViewName(resource: string, view: string): void;
  insertField(field: RegisteredField, position: number, firstSeenAt: string): void;
  markLossless(resource: string, field: string): void;
  /** Resources registered before views existed (schema 1), by name. */
  unviewedResources(): string[];
  /** The top-level payload fields a resource's records hold, by name. */
  fieldsInRecords(resource: string): string[];
}

export const prepareViewRegistry = (db: Database.Database): ViewRegistry => {
  const readViews = db.prepare<[], RegisteredView>(
    `SELECT resource, view_name AS view FROM ${TABLES.resources} WHERE view_name IS NOT NULL`,
  );
  const readFields = db.prepare<
    [],
    { resource: string; field: string; column: string; losslessNumbers: number }
  >(
    `SELECT resource, field, column_name AS column, lossless_numbers AS losslessNumbers
       FROM ${TABLES.fields} ORDER BY resource, position`,
  );
  const setViewName = db.prepare<[string, string]>(
    `UPDATE ${TABLES.resources} SET view_name = ? WHERE resource = ?`,
  );
  const insertField = db.prepare<[string, string, string, number, string, number]>(
    `INSERT INTO ${TABLES.fields} (resource, field, column_name, position, first_seen_at, lossless_numbers)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const markLossless = db.prepare<[string, string]>(
    `UPDATE ${TABLES.fields} SET lossless_numbers = 1 WHERE resource = ? AND field = ?`,
  );
  const unviewedResources = db
    .prepare<[], string>(`SELECT resource FROM ${TABLES.resources} WHERE view_name IS NULL ORDER BY resource`)
    .pluck();
  const fieldsInRecords = db
    .prepare<[string], string>(
      `SELECT DISTINCT j.key FROM ${TABLES.records} r, json_each(r.payload) j WHERE r.resource = ? ORDER BY j.key`,
    )
    .pluck();
  return {
    readViews: () => readViews.all(),
    readFields: () => readFields.all().map((f) => ({ ...f, losslessNumbers: f.losslessNumbers === 1 })),
    setViewName: (resource, view) => {
      setViewName.run(view, resource);
    },
    insertField: (f, position, firstSeenAt) => {
      insertField.run(f.resource, f.field, f.column, position, firstSeenAt, f.losslessNumbers ? 1 : 0);
    },
    markLossless: (resource, field) => {
      markLossless.run(resource, field);
    },
    unviewedResources: () => unviewedResources.all(),
    fieldsInRecords: (resource) => fieldsInRecords.all(resource),
  };
};
