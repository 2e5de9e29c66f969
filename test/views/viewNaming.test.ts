import Database from 'better-sqlite3';
import { columnNameFor } from '../../src/views/columnNameFor.js';
import { resourceViewSql } from '../../src/views/resourceViewSql.js';
import { viewNameFor } from '../../src/views/viewNameFor.js';

const none = new Set<string>();

describe('view and column naming', () => {
  it('keeps plain names, and makes the rest safe and unambiguous', () => {
    expect(viewNameFor('pets', none)).toBe('pets');
    expect(viewNameFor('order', none)).toBe('r_order'); // a keyword
    expect(viewNameFor('2024-invoices', none)).toBe('r_2024_invoices');
    expect(viewNameFor('mirror_events', none)).toBe('r_mirror_events'); // our tables are not shadowed
    expect(viewNameFor('sqlite_master', none)).toBe('r_sqlite_master');
    expect(viewNameFor('crm.contacts', none)).toBe('crm_contacts');
    expect(viewNameFor('crm/contacts', new Set(['crm_contacts']))).toBe('crm_contacts_2');
    expect(viewNameFor('Pets', new Set(['pets']))).toBe('Pets_2'); // SQLite names ignore case
    expect(viewNameFor("x'; DROP TABLE mirror_records; --", none)).toBe('x_DROP_TABLE_mirror_records');
  });

  it('gives payload fields columns that never clash with the view’s own', () => {
    expect(columnNameFor('name', none)).toBe('name');
    expect(columnNameFor('record_id', none)).toBe('record_id_2');
    expect(columnNameFor('_source', none)).toBe('_source_2');
    expect(columnNameFor('select', none)).toBe('f_select');
    expect(columnNameFor('first name', new Set(['first_name']))).toBe('first_name_2');
    expect(columnNameFor('', none)).toBe('f_');
    expect(columnNameFor('__proto__', none)).toBe('f___proto__'); // row objects could not carry it
    expect(columnNameFor('_[proto[_', none)).toBe('f___proto__');
  });

  it('builds a view that reads every field exactly, whatever its key', () => {
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE mirror_records (resource, record_id, payload, source, confidence, version, last_synced_at)',
    );
    const payload = { 'a.b': 1, 'q"uote': 2, "it's": 3, nested: { x: [1] }, select: 'kw' };
    db.prepare("INSERT INTO mirror_records VALUES ('odd''s', '1', ?, 's', 1, 1, 't')").run(
      JSON.stringify(payload),
    );
    const fields = Object.keys(payload).map((field, i) => ({ field, column: `c${i}` }));
    for (const sql of resourceViewSql('odd_s', "odd's", fields)) db.exec(sql);
    expect(db.prepare('SELECT * FROM odd_s').get()).toEqual({
      record_id: '1',
      c0: 1,
      c1: 2,
      c2: 3,
      c3: '{"x":[1]}',
      c4: 'kw',
      _source: 's',
      _confidence: 1,
      _version: 1,
      _synced_at: 't',
    });
  });
});
