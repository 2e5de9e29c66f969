import { checkOption } from '../../errors/checkOption.js';
import { DEFAULT_MAX_LINE_BYTES } from './NdjsonLineSplitter.js';

/** Lines read per page by the file sources, by default. */
export const DEFAULT_PAGE_LINES = 1_000;
/** Bytes read per page by the file sources, by default (a page ends after the line that crosses it). */
export const DEFAULT_PAGE_BYTES = 4 * 1024 * 1024;

/** How much a file source reads per pull. */
export interface FileSourceOptions {
  /** Lines per page (blank ones count). Default {@link DEFAULT_PAGE_LINES}. */
  readonly pageLines?: number;
  /** Bytes per page, about: a page ends after the line that reaches it. Default {@link DEFAULT_PAGE_BYTES}. */
  readonly pageBytes?: number;
  /** Longest line read, in bytes; a longer one is rejected and skipped. Default {@link DEFAULT_MAX_LINE_BYTES} (64 MiB). */
  readonly maxLineBytes?: number;
}

/** The page and line limits, checked. @throws {InvalidOptionsError} naming the option. */
export const pageLimits = (
  options: FileSourceOptions,
): { maxLines: number; maxBytes: number; maxLineBytes: number } => ({
  maxLines: checkOption.positiveInteger('pageLines', options.pageLines ?? DEFAULT_PAGE_LINES),
  maxBytes: checkOption.positiveInteger('pageBytes', options.pageBytes ?? DEFAULT_PAGE_BYTES),
  maxLineBytes: checkOption.positiveInteger('maxLineBytes', options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES),
});
