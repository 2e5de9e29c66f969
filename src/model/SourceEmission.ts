import type { DecodeIssue } from '../errors/DecodeError.js';
import type { Delta } from './Delta.js';
import { truncateRejectedInput } from './truncateRejectedInput.js';

/** A source's statement that everything it emitted so far for `resource` is covered by `cursor`. */
export interface Checkpoint {
  readonly kind: 'checkpoint';
  readonly resource: string;
  readonly cursor: string;
}

/** A source's statement that some input could not be decoded. */
export interface Rejection {
  readonly kind: 'reject';
  readonly location: string;
  readonly input: string;
  readonly issues: readonly DecodeIssue[];
}

/** What a source Observable emits: deltas, and optionally checkpoints and rejections. */
export type SourceEmission = Delta | Checkpoint | Rejection;

export const checkpoint = (resource: string, cursor: string): Checkpoint => ({
  kind: 'checkpoint',
  resource,
  cursor,
});

/** A rejection of `input` at `location`; an input over 1 MiB characters is kept truncated ({@link truncateRejectedInput}). */
export const rejection = (location: string, input: string, issues: readonly DecodeIssue[]): Rejection => ({
  kind: 'reject',
  location,
  input: truncateRejectedInput(input),
  issues,
});

export const isDelta = (e: SourceEmission): e is Delta => !('kind' in e);
