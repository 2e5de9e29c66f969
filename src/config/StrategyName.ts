import { BUILT_IN_STRATEGIES } from '../strategies/builtInStrategies.js';
import { oneOf } from '../codecs/oneOf.js';

/** A built-in conflict strategy's name: `last-write-wins`, `highest-confidence`, `keep-local`, `merge-json`. */
export const StrategyName = oneOf([...BUILT_IN_STRATEGIES.keys()] as [string, ...string[]]);
