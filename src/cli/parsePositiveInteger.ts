import { CliUsageError } from './CliUsageError.js';

/** A command-line flag's value as a positive integer (`--limit 50`); anything else is wrong usage. */
export const parsePositiveInteger = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new CliUsageError(`${flag} must be a positive integer, got "${value}"`);
  }
  return n;
};
