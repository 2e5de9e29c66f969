import { InvalidOptionsError } from './InvalidOptionsError.js';

/**
 * The longest delay a Node.js timer takes: 2^31 - 1 ms, about 24.8 days. `setTimeout` with more does
 * not wait longer, it fires at once (after a TimeoutOverflowWarning), so a time limit above it would
 * cut everything off immediately: such a value is refused, never clamped.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The checks an option of a factory gets before anything runs: each returns the value, or throws an
 * {@link InvalidOptionsError} naming the option, the value and what was expected.
 */
export const checkOption = {
  /** A whole number, 1 or more (a size, a count, a limit). */
  positiveInteger: (option: string, value: number): number => {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new InvalidOptionsError(option, value, 'expected a positive integer');
    }
    return value;
  },
  /** A whole number, 0 or more (a number of retries). */
  nonNegativeInteger: (option: string, value: number): number => {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidOptionsError(option, value, 'expected a whole number, 0 or more');
    }
    return value;
  },
  /** A finite duration, 0 or more (a wait, a lateness). */
  nonNegativeMs: (option: string, value: number): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidOptionsError(option, value, 'expected a finite number of milliseconds, 0 or more');
    }
    return value;
  },
  /** A finite duration, more than 0 (a timeout). */
  positiveMs: (option: string, value: number): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidOptionsError(option, value, 'expected a positive number of milliseconds');
    }
    return value;
  },
  /** A duration that becomes a timer (a time limit): more than 0, at most {@link MAX_TIMER_MS}. */
  timerMs: (option: string, value: number): number => {
    checkOption.positiveMs(option, value);
    if (value > MAX_TIMER_MS) {
      throw new InvalidOptionsError(
        option,
        value,
        `expected at most ${MAX_TIMER_MS} milliseconds (about 24.8 days, the longest timer Node.js can set; a longer one would fire at once)`,
      );
    }
    return value;
  },
} as const;
