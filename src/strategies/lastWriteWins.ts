import { apply, skip, type ConflictStrategy } from './ConflictStrategy.js';

/**
 * Applies the delta that happened last, by `occurred_at`, against the current record or its
 * tombstone: a late, older delta never overwrites a newer record, whatever the arrival order.
 * Ties (same instant) go to the larger source name, then the larger delta key: deterministic.
 */
export const lastWriteWins: ConflictStrategy = {
  name: 'last-write-wins',
  resolve: (incoming, { current, tombstone, incomingKey }) => {
    const stored = current ?? tombstone;
    if (stored === undefined) return apply;
    const a = incoming.occurred_at;
    const b = stored.occurred_at;
    if (a !== b) return a > b ? apply : skip(`older than the stored version (${a} < ${b})`);
    const s = incoming.provenance.source;
    if (s !== stored.source)
      return s > stored.source ? apply : skip('same instant; tie-break by source name');
    if (incomingKey === stored.delta_key) return skip('same delta as the stored version');
    return incomingKey > stored.delta_key ? apply : skip('same instant and source; tie-break by delta key');
  },
};
