import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { UnknownStrategyError } from '../errors/UnknownStrategyError.js';
import { BUILT_IN_STRATEGIES } from './builtInStrategies.js';
import { toStrategy, type ConflictStrategy, type StrategyLike } from './ConflictStrategy.js';
import { lastWriteWins } from './lastWriteWins.js';

export interface StrategyOptions {
  /** Strategy for resources without one of their own. Default: last-write-wins. */
  readonly strategy?: StrategyLike;
  /** Per-resource strategies. */
  readonly strategyFor?: Readonly<Record<string, StrategyLike>>;
}

/** Picks the strategy for a resource: its own, else the default. */
export type StrategySelector = (resource: string) => ConflictStrategy;

/**
 * Builds the per-resource selector. Refuses two different strategies under one name, since the
 * name is what the event log records and what replay looks up.
 */
export const selectStrategy = (options: StrategyOptions = {}): StrategySelector => {
  const fallback = toStrategy(options.strategy ?? lastWriteWins);
  const own = new Map(Object.entries(options.strategyFor ?? {}).map(([r, s]) => [r, toStrategy(s)]));
  const byName = new Map<string, ConflictStrategy>();
  for (const [where, s] of [
    ['strategy', fallback] as const,
    ...[...own].map(([r, s]) => [`strategyFor.${r}`, s] as const),
  ]) {
    const seen = byName.get(s.name) ?? BUILT_IN_STRATEGIES.get(s.name);
    if (seen !== undefined && seen.resolve !== s.resolve) {
      throw new InvalidOptionsError(
        where,
        s.name,
        `another strategy is already named "${s.name}"; give it a distinct name`,
      );
    }
    byName.set(s.name, s);
  }
  return (resource) => own.get(resource) ?? fallback;
};

/** Looks up a strategy by name among the built-ins and the given extras (e.g. for the CLI or replay). */
export const strategyByName = (name: string, extra: readonly ConflictStrategy[] = []): ConflictStrategy => {
  const found = extra.find((s) => s.name === name) ?? BUILT_IN_STRATEGIES.get(name);
  if (found === undefined) {
    throw new UnknownStrategyError(name, [...BUILT_IN_STRATEGIES.keys(), ...extra.map((s) => s.name)]);
  }
  return found;
};
