import { apply, applyMerged, type ConflictStrategy } from './ConflictStrategy.js';
import { deepMerge } from './deepMerge.js';

/** Deep-merges an incoming upsert into the current record (incoming keys win, missing keys kept). Deletes apply. */
export const mergeJson: ConflictStrategy = {
  name: 'merge-json',
  resolve: (incoming, { current }) =>
    current === undefined || incoming.op === 'delete'
      ? apply
      : applyMerged(deepMerge(current.payload, incoming.payload)),
};
