import type { ConflictStrategy, Resolution } from '../../src/strategies/ConflictStrategy.js';
import type { Delta } from '../../src/model/Delta.js';
import { isJsonObject, type JsonValue } from '../../src/model/JsonValue.js';
import { highestConfidence } from '../../src/strategies/highestConfidence.js';
import { del, up } from './deltas.js';

const priceOf = (payload: JsonValue | undefined): number | undefined => {
  const price = isJsonObject(payload) ? payload.price : undefined;
  return typeof price === 'number' ? price : undefined;
};

/**
 * A custom strategy, as a user would write one, for mirrors the tools cannot re-decide without it:
 * a price only goes down. A lower price applies, the same price is skipped, a higher one is merged
 * (the incoming fields with the stored price). Deletes and new records apply.
 */
export const lowerPrice: ConflictStrategy = {
  name: 'lower-price',
  resolve: (incoming, { current }): Resolution => {
    if (incoming.op === 'delete' || current === undefined) return { kind: 'apply' };
    const was = priceOf(current.payload) ?? Infinity;
    const now = priceOf(incoming.payload) ?? Infinity;
    if (now < was) return { kind: 'apply' };
    if (now === was) return { kind: 'skip', reason: 'same price' };
    const payload = incoming.payload as { [key: string]: JsonValue };
    return { kind: 'applyMerged', payload: { ...payload, price: was } };
  },
};

/** {@link lowerPrice} as the ES module a user would pass to `--strategies` (same decisions). */
export const LOWER_PRICE_MODULE = `const priceOf = (payload) =>
  payload !== null && typeof payload === 'object' && typeof payload.price === 'number' ? payload.price : Infinity;

export const lowerPrice = {
  name: 'lower-price',
  resolve: (incoming, { current }) => {
    if (incoming.op === 'delete' || current === undefined) return { kind: 'apply' };
    const was = priceOf(current.payload);
    const now = priceOf(incoming.payload);
    if (now < was) return { kind: 'apply' };
    if (now === was) return { kind: 'skip', reason: 'same price' };
    return { kind: 'applyMerged', payload: { ...incoming.payload, price: was } };
  },
};
`;

/** The shop's strategies: its prices only go down; its notes keep the most trusted version (built in). */
export const SHOP_STRATEGIES = { strategyFor: { prices: lowerPrice, notes: highestConfidence } };

/**
 * A shop's deltas, in time order: `prices` (decided by {@link lowerPrice}: applied, merged, skipped,
 * a delete and a re-creation) and `notes` (by the built-in highest-confidence). Synced with
 * {@link SHOP_STRATEGIES}: 8 events of lower-price, 3 of highest-confidence.
 */
export const shopDeltas = (): Delta[] => [
  up('prices', 'p1', { price: 10, label: 'tea' }, { minute: 1 }),
  up('prices', 'p1', { price: 12, label: 'green tea' }, { minute: 2 }), // merged: { price: 10, label: 'green tea' }
  up('notes', 'n1', { text: 'open' }, { minute: 3 }),
  up('prices', 'p2', { price: 5 }, { minute: 4 }),
  up('prices', 'p1', { price: 8, label: 'tea' }, { minute: 5 }),
  up('prices', 'p1', { price: 8, label: 'black tea' }, { minute: 6 }), // skipped: same price
  up('notes', 'n1', { text: 'closed' }, { minute: 7 }),
  up('prices', 'p2', { price: 7, size: 'xl' }, { minute: 8 }), // merged: { price: 5, size: 'xl' }
  del('prices', 'p1', { minute: 9 }),
  up('notes', 'n1', { text: 'maybe' }, { minute: 10, confidence: 0.2 }), // skipped: less trusted
  up('prices', 'p1', { price: 20, label: 'tea again' }, { minute: 11 }), // after its delete: applies
];
