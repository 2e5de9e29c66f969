import { InvalidOptionsError } from './InvalidOptionsError.js';

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
} as const;
