import { formatMirrorDescription, VIEW_GUIDE } from '../../src/discovery/formatMirrorDescription.js';
import type { ResourceDescription } from '../../src/discovery/MirrorDescription.js';

const contacts: ResourceDescription = {
  resource: 'contacts',
  view: 'contacts',
  records: 1200,
  sampled: 1000,
  columns: [
    { column: 'record_id', field: null, type: 'text', examples: ['c2', 'c1'], sources: ['billing', 'crm'] },
    { column: 'f_plan', field: 'plan', type: 'text', examples: ['pro', 'free'], sources: ['billing', 'crm'] },
    {
      column: 'address',
      field: 'address',
      type: 'object|null',
      examples: ['{"city":"Arlington"}'],
      sources: ['crm'],
    },
    { column: 'active', field: 'active', type: 'boolean|null', examples: [1, 0], sources: ['billing'] },
    {
      column: 'note',
      field: 'note',
      type: 'text',
      examples: ['line\nbreak', 'y'.repeat(100)],
      sources: ['crm'],
    },
    { column: '_confidence', field: null, type: 'real', examples: [0.8, 1], sources: ['billing', 'crm'] },
  ],
  sources: [
    { source: 'billing', records: 1, lastSyncedAt: '2024-05-01T11:00:00.000000000Z' },
    { source: 'crm', records: 1199, lastSyncedAt: '2024-05-01T10:01:00.000000000Z' },
  ],
};

describe('formatMirrorDescription', () => {
  it('shows each resource’s view, count, aligned columns with type, examples and sources, then its sources', () => {
    expect(formatMirrorDescription([contacts]).split('\n')).toEqual([
      'contacts: view contacts, 1200 records (types and examples from the 1000 most recently synced)',
      '  column                 type          examples                                                      sources',
      '  record_id              text          "c2", "c1"',
      '  f_plan (field "plan")  text          "pro", "free"                                                 billing, crm',
      '  address                object|null   {"city":"Arlington"}                                          crm',
      '  active                 boolean|null  1, 0                                                          billing',
      `  note                   text          "line\\nbreak", "${'y'.repeat(43)}…  crm`,
      '  _confidence            real          0.8, 1',
      '  sources:',
      '    billing  1 record      last synced 2024-05-01T11:00:00.000000000Z',
      '    crm      1199 records  last synced 2024-05-01T10:01:00.000000000Z',
      '',
      VIEW_GUIDE,
    ]);
  });

  it('says where to read a resource that has no view yet, and when the mirror is empty', () => {
    const text = formatMirrorDescription([{ ...contacts, view: null, records: 0, sampled: 0, sources: [] }]);
    expect(text).toMatch(
      /^contacts: no view yet: SELECT \* FROM mirror_records WHERE resource = 'contacts', 0 records/,
    );
    expect(text).toContain('  sources:\n    (none)');
    expect(formatMirrorDescription([])).toBe('The mirror has no resources yet.');
  });
});
