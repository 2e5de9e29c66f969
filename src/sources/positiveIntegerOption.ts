import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';

/** `value` when it is a positive safe integer. @throws {InvalidOptionsError} naming the option otherwise. */
export const positiveIntegerOption = (option: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionsError(option, value, 'expected a positive integer');
  }
  return value;
};
