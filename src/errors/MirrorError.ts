import { causeCode } from './describeCause.js';
/** Every error code oxide-mirror raises. Branch on these (or on the class), never on message text. */
export const MIRROR_ERROR_CODES = [
  'DECODE_FAILED',
  'INVALID_OPTIONS',
  'STORAGE_FAILED',
  'STORAGE_FULL',
  'STORAGE_CORRUPT',
  'MIGRATION_FAILED',
  'CONCURRENT_WRITER',
  'STRATEGY_FAILED',
  'UNKNOWN_STRATEGY',
  'UNKNOWN_SOURCE',
  'SOURCE_FAILED',
  'SOURCE_PROTOCOL',
  'SOURCE_TIMEOUT',
  'HTTP_SOURCE_FAILED',
  'FILE_SOURCE_FAILED',
  'JETSTREAM_SOURCE_FAILED',
  'STREAM_POSITION_LOST',
  'QUERY_REFUSED',
  'QUERY_FAILED',
  'QUERY_ARGUMENT',
  'REPLAY_DIVERGED',
  'PUBLISH_FAILED',
] as const;

export type MirrorErrorCode = (typeof MIRROR_ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(MIRROR_ERROR_CODES);

export interface MirrorErrorOptions {
  readonly cause?: unknown;
}

/** Base class of every error oxide-mirror throws or emits. */
export abstract class MirrorError extends Error {
  abstract readonly code: MirrorErrorCode;
  override name = 'MirrorError';

  constructor(message: string, options?: MirrorErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Structural guard: works across duplicate installs of the library, where `instanceof` does not. */
export const isMirrorError = (e: unknown): e is MirrorError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as { message?: unknown }).message === 'string' &&
  CODES.has(causeCode(e) ?? '');
