import { apply, skip, type ConflictStrategy } from './ConflictStrategy.js';

/** Keeps the local record once it exists: applies only when there is no current record. */
export const keepLocal: ConflictStrategy = {
  name: 'keep-local',
  resolve: (_incoming, { current }) => (current === undefined ? apply : skip('a local record exists')),
};
