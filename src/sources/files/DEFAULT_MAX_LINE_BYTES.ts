/**
 * The longest line the NDJSON readers take, in bytes, by default (64 MiB). A longer line is never held
 * whole: it is skipped to its end and rejected, naming the limit, and the next line is read.
 */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
