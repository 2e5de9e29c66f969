import { apply, skip, type ConflictStrategy } from './ConflictStrategy.js';

/** Applies when the incoming confidence is at least the stored one (ties apply); else skips. */
export const highestConfidence: ConflictStrategy = {
  name: 'highest-confidence',
  resolve: (incoming, { current }) => {
    if (current === undefined || incoming.provenance.confidence >= current.confidence) return apply;
    return skip(`confidence ${incoming.provenance.confidence} below stored ${current.confidence}`);
  },
};
