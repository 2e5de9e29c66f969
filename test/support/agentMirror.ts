import Database from 'better-sqlite3';
import { openStore } from '../../src/store/openStore.js';
import { up } from './deltas.js';
import { sync } from './mirrorHarness.js';

/**
 * A small multi-service mirror, built through the library like a real one, in two syncs so that
 * fields appear over time (payload keys are written in sorted order, so view columns come in the
 * order fields were first seen, whichever way the writer walks a payload):
 * - sync 1: the CRM's contacts c1, c2 (name, email, plan); the helpdesk's tickets t1, t2 (subject,
 *   contact_id, status, group: a SQL keyword, so column `f_group`);
 * - sync 2: the CRM adds c3 with new fields `address` (object) and `tags` (array); billing rewrites c2
 *   with a new field `active` (boolean) and brings invoices i1, i2 (total: real and integer, paid,
 *   lines: array); the helpdesk adds t3 with a new field `priority`.
 */
export const buildAgentMirror = async (path: string): Promise<void> => {
  const store = openStore({ path });
  try {
    await sync(store, {
      crm: [
        up(
          'contacts',
          'c1',
          { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' },
          { source: 'crm', minute: 1 },
        ),
        up(
          'contacts',
          'c2',
          { email: 'alan@example.com', name: 'Alan Turing', plan: 'free' },
          { source: 'crm', minute: 2 },
        ),
      ],
      helpdesk: [
        up(
          'tickets',
          't1',
          { contact_id: 'c1', group: 'support', status: 'open', subject: 'Cannot log in' },
          { source: 'helpdesk', minute: 1 },
        ),
        up(
          'tickets',
          't2',
          { contact_id: 'c2', group: 'billing', status: 'closed', subject: 'Wrong invoice total' },
          { source: 'helpdesk', minute: 2 },
        ),
      ],
    });
    await sync(store, {
      crm: [
        up(
          'contacts',
          'c3',
          {
            address: { city: 'Arlington' },
            email: 'grace@example.com',
            name: 'Grace Hopper',
            plan: 'team',
            tags: ['vip', 'navy'],
          },
          { source: 'crm', minute: 5 },
        ),
      ],
      billing: [
        up(
          'contacts',
          'c2',
          { active: true, email: 'alan@example.com', name: 'Alan M. Turing', plan: 'pro' },
          { source: 'billing', confidence: 0.8, minute: 6 },
        ),
        up(
          'invoices',
          'i1',
          { contact_id: 'c2', total: 120.5, paid: false, lines: [{ sku: 'pro', qty: 1 }] },
          { source: 'billing', minute: 6 },
        ),
        up(
          'invoices',
          'i2',
          { contact_id: 'c1', total: 99, paid: true, lines: [] },
          { source: 'billing', minute: 7 },
        ),
      ],
      helpdesk: [
        up(
          'tickets',
          't3',
          { contact_id: 'c1', group: 'sales', priority: 2, status: 'open', subject: 'Upgrade to team' },
          { source: 'helpdesk', minute: 7 },
        ),
      ],
    });
  } finally {
    store.close();
  }
};

/** Rows of `sql` read through a fresh read-only connection (to check what the tools say against the data). */
export const readRows = (path: string, sql: string): unknown[] => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

/** The `contacts` view's columns in {@link buildAgentMirror}'s mirror, in order. */
export const CONTACTS_COLUMNS = [
  'record_id',
  'email',
  'name',
  'f_plan',
  'address',
  'tags',
  'active',
  '_source',
  '_confidence',
  '_version',
  '_synced_at',
];

/** What `list_resources` / `listMirrorResources` must answer for {@link buildAgentMirror}'s mirror. */
export const AGENT_MIRROR_OVERVIEW = [
  {
    resource: 'contacts',
    view: 'contacts',
    records: 3,
    columns: CONTACTS_COLUMNS,
  },
  {
    resource: 'invoices',
    view: 'invoices',
    records: 2,
    columns: [
      'record_id',
      'contact_id',
      'lines',
      'paid',
      'total',
      '_source',
      '_confidence',
      '_version',
      '_synced_at',
    ],
  },
  {
    resource: 'tickets',
    view: 'tickets',
    records: 3,
    columns: [
      'record_id',
      'contact_id',
      'f_group',
      'status',
      'subject',
      'priority',
      '_source',
      '_confidence',
      '_version',
      '_synced_at',
    ],
  },
];
