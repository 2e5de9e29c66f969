import type { SyncSource } from '../../src/sources/SyncSource.js';

/** Wraps a source to record the cursor of every pull. */
export const recordingPulls = (source: SyncSource): { source: SyncSource; pulls: (string | undefined)[] } => {
  const pulls: (string | undefined)[] = [];
  return {
    pulls,
    source: { ...source, pull: (cursor, context) => (pulls.push(cursor), source.pull(cursor, context)) },
  };
};

/**
 * Wraps a source to call `stop` (e.g. `mirror.stop()`) when its `n`th pull has answered, before the
 * page is handed on: pages 1 to n - 1 are the ones the run commits, as if the process ended there.
 */
export const stoppingAfterPulls = (source: SyncSource, n: number, stop: () => void): SyncSource => {
  let pulls = 0;
  return {
    ...source,
    pull: async (cursor, context) => {
      const page = await source.pull(cursor, context);
      pulls += 1;
      if (pulls === n) stop();
      return page;
    },
  };
};
