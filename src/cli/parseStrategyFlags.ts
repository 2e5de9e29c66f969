import type { StrategyOptions } from '../strategies/selectStrategy.js';
import { strategyByName } from '../strategies/selectStrategy.js';
import { CliUsageError } from './CliUsageError.js';

/** `--strategy NAME` and repeated `--strategy-for RESOURCE=NAME` into strategy options. */
export const parseStrategyFlags = (
  strategy: string | undefined,
  strategyFor: readonly string[] = [],
): StrategyOptions => {
  const perResource: Record<string, ReturnType<typeof strategyByName>> = {};
  for (const pair of strategyFor) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new CliUsageError(`--strategy-for expects RESOURCE=NAME, got "${pair}"`);
    }
    perResource[pair.slice(0, eq)] = strategyByName(pair.slice(eq + 1));
  }
  return {
    ...(strategy === undefined ? {} : { strategy: strategyByName(strategy) }),
    strategyFor: perResource,
  };
};
