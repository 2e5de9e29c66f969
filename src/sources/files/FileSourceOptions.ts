import { InvalidOptionsError } from '../../errors/InvalidOptionsError.js';
import { DEFAULT_PAGE_BYTES, DEFAULT_PAGE_LINES } from './readNdjsonPage.js';

/** How much a file source reads per pull. */
export interface FileSourceOptions {
  /** Lines per page (blank ones count). Default {@link DEFAULT_PAGE_LINES}. */
  readonly pageLines?: number;
  /** Bytes per page, about: a page ends after the line that reaches it. Default {@link DEFAULT_PAGE_BYTES}. */
  readonly pageBytes?: number;
}

const positive = (option: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionsError(option, value, 'expected a positive integer');
  }
  return value;
};

/** The page limits, checked. @throws {InvalidOptionsError} naming the option. */
export const pageLimits = (options: FileSourceOptions): { maxLines: number; maxBytes: number } => ({
  maxLines: positive('pageLines', options.pageLines ?? DEFAULT_PAGE_LINES),
  maxBytes: positive('pageBytes', options.pageBytes ?? DEFAULT_PAGE_BYTES),
});
