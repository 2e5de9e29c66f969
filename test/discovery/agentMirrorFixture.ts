import Database from 'better-sqlite3';
import { openStore } from '../../src/store/openStore.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { prepareViewMaintenance } from '../../src/views/prepareViewMaintenance.js';
import { up } from '../support/deltas.js';
import { sync } from '../support/mirrorHarness.js';

/**
 * Until the sink maintains views itself, notes every stored record the way it will (per commit, in
 * `occurred_at` order), so that views and `mirror_fields` exist. A no-op once the sink does it: every
 * resource then already has its view and every field its column.
 */
export const catchUpViews = (store: MirrorStore): void => {
  const missing = store.db
    .prepare(
      `SELECT count(*) FROM mirror_records r, json_each(r.payload) j
        WHERE json_type(r.payload) = 'object'
          AND NOT EXISTS (SELECT 1 FROM mirror_fields f WHERE f.resource = r.resource AND f.field = j.key)`,
    )
    .pluck()
    .get() as number;
  const unviewed = store.db
    .prepare('SELECT count(*) FROM mirror_resources WHERE view_name IS NULL')
    .pluck()
    .get() as number;
  if (missing === 0 && unviewed === 0) return;
  const views = prepareViewMaintenance(store.db);
  const rows = store.db
    .prepare(
      'SELECT resource, payload, last_synced_at FROM mirror_records ORDER BY last_synced_at, occurred_at, resource, record_id',
    )
    .all() as { resource: string; payload: string; last_synced_at: string }[];
  store.db.transaction(() => {
    for (const r of rows) views.noteRecord(r.resource, JSON.parse(r.payload) as never, r.last_synced_at);
    views.flush();
  })();
};

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
    catchUpViews(store);
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
    catchUpViews(store);
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
