import type { DeltaItem } from '../../src/model/MirrorItem.js';
import { deltaItem } from './items.js';

/** A delta of `recordId` at `at` ms after BASE_MS, from `source`. */
export const deltaAt = (recordId: string, at: number, source = 'crm'): DeltaItem =>
  deltaItem({ recordId, at, source });

/** Code-unit order, as the last-write-wins tie-break compares sources and keys. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
