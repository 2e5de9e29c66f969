import type { ConflictStrategy } from './ConflictStrategy.js';
import { highestConfidence } from './highestConfidence.js';
import { keepLocal } from './keepLocal.js';
import { lastWriteWins } from './lastWriteWins.js';
import { mergeJson } from './mergeJson.js';

/** The four strategies of the original crate, by the names stored in the event log and used by the CLI. */
export const BUILT_IN_STRATEGIES: ReadonlyMap<string, ConflictStrategy> = new Map(
  [lastWriteWins, highestConfidence, keepLocal, mergeJson].map((s) => [s.name, s]),
);
