import Database from 'better-sqlite3';
import { LosslessNumber } from 'lossless-json';
import { describeMirror } from '../../src/discovery/describeMirror.js';
import { listMirrorResources } from '../../src/discovery/listMirrorResources.js';
import {
  DESCRIBE_SAMPLE_SIZE,
  MAX_EXAMPLE_LENGTH,
  type ResourceDescription,
} from '../../src/discovery/MirrorDescription.js';
import { QueryError } from '../../src/errors/QueryError.js';
import type { MirrorQuery } from '../../src/query/MirrorQuery.js';
import { openQuery } from '../../src/query/openQuery.js';
import { openStore } from '../../src/store/openStore.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';
import { AGENT_MIRROR_OVERVIEW, CONTACTS_COLUMNS, buildAgentMirror } from '../support/agentMirror.js';

const tmp = useTempDir();
let connection: MirrorQuery | undefined;
afterEach(() => connection?.close());

const open = (path: string): MirrorQuery => (connection = openQuery(path));

const columnsOf = (r: ResourceDescription | undefined) =>
  Object.fromEntries((r?.columns ?? []).map((c) => [c.column, c]));

describe('describeMirror (through the read-only query connection)', () => {
  it('lists every resource with its view, live record count and view columns in order', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    expect(listMirrorResources(open(db))).toEqual(AGENT_MIRROR_OVERVIEW);
  });

  it('types each column from the values, with |null for fields added later, and names the sources that fed it', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    const [contacts] = describeMirror(open(db), 'contacts');
    expect(contacts).toMatchObject({ resource: 'contacts', view: 'contacts', records: 3, sampled: 3 });
    const columns = columnsOf(contacts);
    expect(Object.keys(columns)).toEqual(CONTACTS_COLUMNS);
    expect(columns.f_plan).toMatchObject({ field: 'plan', type: 'text', sources: ['billing', 'crm'] });
    // added in the second sync, by one source each: missing from the older records
    expect(columns.active).toEqual({
      column: 'active',
      field: 'active',
      type: 'boolean|null',
      examples: [1],
      sources: ['billing'],
    });
    expect(columns.address).toEqual({
      column: 'address',
      field: 'address',
      type: 'object|null',
      examples: ['{"city":"Arlington"}'],
      sources: ['crm'],
    });
    expect(columns.tags).toMatchObject({
      type: 'array|null',
      examples: ['["vip","navy"]'],
      sources: ['crm'],
    });
    expect(columns.record_id).toMatchObject({ field: null, type: 'text' });
    expect([...(columns.record_id?.examples ?? [])].sort()).toEqual(['c1', 'c2', 'c3']);
    expect(columns._confidence).toMatchObject({ type: 'real' });
    expect([...(columns._confidence?.examples ?? [])].sort()).toEqual([0.8, 1]);
    expect(columns._version).toMatchObject({ type: 'integer' });
    expect(contacts?.sources).toEqual([
      { source: 'billing', records: 1, lastSyncedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) },
      { source: 'crm', records: 2, lastSyncedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) },
    ]);
  });

  it('shows mixed types, booleans as 1/0, keyword fields under their safe column, and examples newest first', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    const [invoices, tickets] = describeMirror(open(db)).filter((r) => r.resource !== 'contacts');
    expect(columnsOf(invoices).total).toMatchObject({ type: 'integer|real' });
    expect(columnsOf(invoices).paid).toMatchObject({ type: 'boolean' });
    expect([...(columnsOf(invoices).paid?.examples ?? [])].sort()).toEqual([0, 1]);
    expect(columnsOf(tickets).f_group).toMatchObject({ field: 'group', type: 'text' });
    expect(columnsOf(tickets).f_group?.examples[0]).toBe('sales'); // t3, synced last
    expect(columnsOf(tickets).priority).toMatchObject({ type: 'integer|null', examples: [2] });
  });

  it("describes the columns each view has, in the view's order, its own columns with the type of their values", async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    const q = open(db);
    const resources = describeMirror(q);
    expect(resources).toHaveLength(3);
    for (const r of resources) {
      expect(r.columns.map((c) => c.column)).toEqual(q.query(`SELECT * FROM ${r.view} LIMIT 0`).columns);
      for (const c of r.columns.filter((c) => c.field === null)) {
        const types = q
          .query(`SELECT DISTINCT typeof(${c.column}) AS t FROM ${r.view}`)
          .rows.map((row) => row.t);
        expect({ column: c.column, types }).toEqual({ column: c.column, types: [c.type] });
      }
    }
  });

  it('returns only the named resource, and nothing for an unknown one', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    const q = open(db);
    expect(describeMirror(q, 'tickets').map((r) => r.resource)).toEqual(['tickets']);
    expect(describeMirror(q, 'nope')).toEqual([]);
  });

  it(`infers types and examples from the ${DESCRIBE_SAMPLE_SIZE} most recently synced records`, async () => {
    const db = tmp.path('m.db');
    const store = openStore({ path: db });
    try {
      await sync(store, {
        s: Array.from({ length: 5 }, (_, i) => up('items', `old${i}`, { legacy: i }, { minute: 1 })),
      });
      await sync(store, {
        s: Array.from({ length: DESCRIBE_SAMPLE_SIZE }, (_, i) =>
          up('items', `new${i}`, { n: i }, { minute: 2 }),
        ),
      });
    } finally {
      store.close();
    }
    const [items] = describeMirror(open(db));
    expect(items).toMatchObject({ records: DESCRIBE_SAMPLE_SIZE + 5, sampled: DESCRIBE_SAMPLE_SIZE });
    // the old records fell out of the sample: their fields are listed, with nothing seen
    expect(columnsOf(items).legacy).toEqual({
      column: 'legacy',
      field: 'legacy',
      type: 'null',
      examples: [],
      sources: [],
    });
    expect(columnsOf(items).n).toMatchObject({ type: 'integer', sources: ['src'] });
  });

  it('cuts example text longer than MAX_EXAMPLE_LENGTH with …', async () => {
    const db = tmp.path('m.db');
    const store = openStore({ path: db });
    try {
      await sync(store, { s: [up('notes', 'n1', { body: 'y'.repeat(500) })] });
    } finally {
      store.close();
    }
    const example = columnsOf(describeMirror(open(db))[0]).body?.examples[0];
    expect(example).toBe(`${'y'.repeat(MAX_EXAMPLE_LENGTH - 1)}…`);
  });

  it('types and shows numbers as their view columns read them: every digit, TEXT where SQLite cannot hold one', async () => {
    const db = tmp.path('m.db');
    const store = openStore({ path: db });
    try {
      await sync(store, {
        s: [
          up('pets', 'p1', { id: 7, ms: 0.30000000000000004, pi: 0.5, sf: 8 }, { minute: 1 }),
          up(
            'pets',
            'p2',
            {
              id: 12345678901234567890n,
              ms: 0.1,
              pi: new LosslessNumber('3.14159265358979323846'),
              sf: 1234567890123456789n,
            },
            { minute: 2 },
          ),
        ],
      });
    } finally {
      store.close();
    }
    // Examples of one commit come in value order: numbers before text.
    const columns = columnsOf(describeMirror(open(db), 'pets')[0]);
    expect(columns.id).toMatchObject({ type: 'text|integer', examples: [7, '12345678901234567890'] });
    expect(columns.pi).toMatchObject({ type: 'text|real', examples: [0.5, '3.14159265358979323846'] });
    // A 64-bit integer is an exact INTEGER (a string of its digits in JSON); an unmarked field stays as is.
    expect(columns.sf).toMatchObject({ type: 'integer', examples: [8, '1234567890123456789'] });
    expect(columns.ms).toMatchObject({ type: 'real', examples: [0.1, 0.30000000000000004] });
  });

  it('says clearly when the database has no view registry', () => {
    const db = tmp.path('plain.db');
    new Database(db).exec('CREATE TABLE t (x)');
    const q = open(db);
    expect(() => describeMirror(q)).toThrow(QueryError);
    expect(() => describeMirror(q)).toThrow(/no view registry \(mirror_fields\)/);
  });
});
