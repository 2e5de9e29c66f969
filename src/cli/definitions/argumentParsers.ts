import { InvalidArgumentError } from '@commander-js/extra-typings';
import { MAX_TIMER_MS } from '../../errors/checkOption.js';
import { BUILT_IN_STRATEGIES } from '../../strategies/builtInStrategies.js';
import type { ConflictStrategy } from '../../strategies/ConflictStrategy.js';

/**
 * The parsers of our flags' values (commander's `argParser`). Each refuses a value with an
 * {@link InvalidArgumentError} saying why; commander prints it with the flag and the value, and the
 * CLI exits 2. They refuse everything the library's own option checks would refuse later, so no
 * library option error (`batchSize: expected a positive integer`) ever answers a flag.
 */

/**
 * A count, a size or a limit: digits only (not `1e3`, `1.5`, `-1` or `0x10`), 1 or more, at most
 * `max` (default: the largest integer a double holds exactly, as the library's checks require).
 */
export const positiveInteger =
  (max: number = Number.MAX_SAFE_INTEGER, whyMax = 'the largest exact integer') =>
  (value: string): number => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= 1)) throw new InvalidArgumentError('Expected a positive integer, in digits (1, 2, 3, …).');
    if (n > max) throw new InvalidArgumentError(`Expected at most ${max} (${whyMax}).`);
    return n;
  };

/** A duration in milliseconds that becomes a timer: 1 to {@link MAX_TIMER_MS}. */
export const timerMs = positiveInteger(MAX_TIMER_MS, 'the longest timer Node.js can set');

/** The built-in strategies' names, for `--strategy`'s choices. */
export const STRATEGY_NAMES: readonly string[] = [...BUILT_IN_STRATEGIES.keys()];

const builtInStrategy = (name: string): ConflictStrategy => {
  const strategy = BUILT_IN_STRATEGIES.get(name);
  if (strategy === undefined) {
    throw new InvalidArgumentError(
      `Unknown strategy "${name}"; allowed choices are ${STRATEGY_NAMES.join(', ')}.`,
    );
  }
  return strategy;
};

/** One `--strategy-for RESOURCE=NAME`: the resource and its built-in strategy. */
export const strategyFor = (value: string): readonly [resource: string, strategy: ConflictStrategy] => {
  const eq = value.lastIndexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new InvalidArgumentError('Expected RESOURCE=NAME.');
  return [value.slice(0, eq), builtInStrategy(value.slice(eq + 1))];
};

/**
 * A value that may be given once only: a second one is refused rather than silently replacing the
 * first (`--strategies a.js --strategies b.js` would drop a.js's strategies). `why` says what to do.
 */
export const onlyOnce =
  (why: string) =>
  (value: string, previous: string | undefined): string => {
    if (previous !== undefined) throw new InvalidArgumentError(`Given twice (also "${previous}"); ${why}.`);
    return value;
  };
