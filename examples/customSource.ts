// The README's custom source, kept compiling and running by test/examples/customSource.int.test.ts.
import { at, createMirror, fromSyncSource, openStore, upsert, type SyncSource } from '../src/index.js';

/** What the in-house inventory API answers: changes after a sequence number, oldest first. */
export interface StockChange {
  readonly seq: number;
  readonly sku: string;
  readonly qty: number;
  readonly at: string;
}
export type FetchChanges = (after: number, limit: number) => Promise<readonly StockChange[]>;

export const inventorySource = (fetchChanges: FetchChanges): SyncSource => ({
  resource: 'stock',
  pull: async (cursor) => {
    const after = cursor === undefined ? 0 : Number(cursor); // undefined: the very first pull
    const changes = await fetchChanges(after, 100);
    return {
      emissions: changes.map((c) => at(upsert('stock', c.sku, { qty: c.qty }, 'inventory'), c.at)),
      cursor: String(changes.at(-1)?.seq ?? after), // stored with the last of these deltas, never before
      hasMore: changes.length === 100, // pull again at once, or caught up
    };
  },
});

/** Mirrors the inventory into `path` and returns how many changes this run applied. */
export const syncInventory = async (path: string, fetchChanges: FetchChanges): Promise<number> => {
  const store = openStore({ path });
  try {
    const inventory = fromSyncSource(inventorySource(fetchChanges));
    const report = await createMirror({ store, sources: { inventory } }).run();
    return report.total.applied;
  } finally {
    store.close();
  }
};
