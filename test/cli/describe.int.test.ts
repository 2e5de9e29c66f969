import type { ResourceDescription } from '../../src/discovery/MirrorDescription.js';
import { openStore } from '../../src/store/openStore.js';
import { CONTACTS_COLUMNS, buildAgentMirror } from '../support/agentMirror.js';
import { runCli } from '../support/cli.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

const columnLine = (text: string, column: string): string | undefined =>
  text.split('\n').find((line) => line.startsWith(`  ${column} `));

describe('oxide-mirror describe (the real built CLI)', () => {
  it('prints each resource’s view and count, then per column its type, examples and sources, then its sources', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    const r = runCli(['describe', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('contacts: view contacts, 3 records (types and examples from all of them)');
    expect(lines[1]).toMatch(/^ {2}column +type +examples +sources$/);
    expect(columnLine(r.stdout, 'f_plan')).toMatch(
      /^ {2}f_plan \(field "plan"\) +text +"pro", "team" +billing, crm$/,
    );
    expect(columnLine(r.stdout, 'address')).toMatch(
      /^ {2}address +object\|null +\{"city":"Arlington"\} +crm$/,
    );
    expect(columnLine(r.stdout, 'active')).toMatch(/^ {2}active +boolean\|null +1 +billing$/);
    expect(columnLine(r.stdout, '_confidence')).toMatch(/^ {2}_confidence +real +0\.8, 1$/);
    expect(r.stdout).toMatch(/^ {4}billing +1 record +last synced \d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    expect(r.stdout).toMatch(/^ {4}crm +2 records +last synced \d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    expect(r.stdout).toContain('invoices: view invoices, 2 records');
    expect(r.stdout).toMatch(/^ {2}total +integer\|real +/m);
    expect(r.stdout).toMatch(/^ {2}f_group \(field "group"\) +text +"sales", /m);
    expect(r.stdout).toContain("json_extract(column, '$.key')");
  });

  it('shows fields as they are added over time: a later sync adds columns, typed |null for older records', async () => {
    const db = tmp.path('m.db');
    const store = openStore({ path: db });
    try {
      await sync(store, { crm: [up('pets', 'p1', { name: 'Rex' }, { source: 'crm', minute: 1 })] });
      const before = runCli(['describe', '--db', db, 'pets']).stdout;
      expect(before.split('\n')[0]).toBe('pets: view pets, 1 record (types and examples from all of them)');
      expect(columnLine(before, 'record_id')).toMatch(/^ {2}record_id +text +"p1"$/);
      expect(columnLine(before, 'name')).toMatch(/^ {2}name +text +"Rex" +crm$/);
      expect(columnLine(before, 'weight')).toBeUndefined();

      await sync(store, {
        shop: [
          up('pets', 'p2', { name: 'Tom', weight: 4.5, owner: { id: 'o1' } }, { source: 'shop', minute: 2 }),
        ],
      });
      const after = runCli(['describe', '--db', db, 'pets']).stdout;
      expect(after.split('\n')[0]).toBe('pets: view pets, 2 records (types and examples from all of them)');
      expect(columnLine(after, 'name')).toMatch(/^ {2}name +text +"Tom", "Rex" +crm, shop$/);
      expect(columnLine(after, 'weight')).toMatch(/^ {2}weight +real\|null +4\.5 +shop$/);
      expect(columnLine(after, 'owner')).toMatch(/^ {2}owner +object\|null +\{"id":"o1"\} +shop$/);
    } finally {
      store.close();
    }
  });

  it('writes JSON with --format json: resources with their columns and sources', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    const r = runCli(['describe', '--db', db, 'contacts', '--format', 'json']);
    expect(r.status).toBe(0);
    const { resources } = JSON.parse(r.stdout) as { resources: ResourceDescription[] };
    expect(resources).toHaveLength(1);
    expect(resources[0]).toEqual({
      resource: 'contacts',
      view: 'contacts',
      records: 3,
      sampled: 3,
      columns: expect.arrayContaining([
        {
          column: 'address',
          field: 'address',
          type: 'object|null',
          examples: ['{"city":"Arlington"}'],
          sources: ['crm'],
        },
        { column: 'active', field: 'active', type: 'boolean|null', examples: [1], sources: ['billing'] },
      ]),
      sources: [
        { source: 'billing', records: 1, lastSyncedAt: expect.any(String) },
        { source: 'crm', records: 2, lastSyncedAt: expect.any(String) },
      ],
    });
    expect(resources[0]?.columns.map((c) => c.column)).toEqual(CONTACTS_COLUMNS);
  });

  it('names the resources that exist when asked for an unknown one (exit 1), and refuses wrong usage (exit 2)', async () => {
    const db = tmp.path('m.db');
    await buildAgentMirror(db);
    const unknown = runCli(['describe', '--db', db, 'contact']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      'oxide-mirror: RESOURCE: no resource "contact" in this mirror; it has: contacts, invoices, tickets [INVALID_OPTIONS]\n',
    );
    expect(runCli(['describe', '--db', db, '--format', 'yaml']).status).toBe(2);
    expect(runCli(['describe', '--db', tmp.path('none.db')]).status).toBe(2);
    expect(runCli(['describe']).stderr).toContain("required option '--db <PATH>' not specified");
  });
});
