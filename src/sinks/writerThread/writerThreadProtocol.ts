import type { MessagePort } from 'node:worker_threads';
import type { ThreadError } from '../../errors/threadError.js';
import type { RefusalPolicy } from '../../model/DecidedBatch.js';
import type { AppliedBatchWire } from './appliedBatchWire.js';
import type { BatchWire } from './batchWire.js';

/** What the writer thread is started with: how to open the store, and how to decide. */
export interface WriterThreadData {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly cacheSizeMiB: number;
  readonly maxSizeMiB: number | undefined;
  /** Built-in strategies by name: the default one and each resource's own. */
  readonly strategy: string;
  readonly strategyFor: Readonly<Record<string, string>>;
  readonly onRefusal: RefusalPolicy;
  /** The level of the caller's logger; undefined when it has none (the thread logs nothing). */
  readonly logLevel: string | undefined;
  /** Int32 slots, see {@link REPLIES} and {@link CANCELLED}. */
  readonly signals: SharedArrayBuffer;
  /** The channel both ways: batches in, one reply per message out, in order. */
  readonly port: MessagePort;
}

/** Slot the thread increments (and notifies) after each reply it posts. */
export const REPLIES = 0;
/** Slot the caller sets to 1 when it no longer wants batches written that have not started. */
export const CANCELLED = 1;
/** Slot the thread sets to 1 as it exits (notifying `REPLIES`): no reply will come after it. */
export const EXITED = 2;
export const SIGNAL_SLOTS = 3;

export type ToWriterThread =
  { readonly type: 'batch'; readonly batch: BatchWire } | { readonly type: 'close' };

/**
 * First `ready` (or `failed`, when the thread could not open the store), then one reply to each
 * message, in order. `logs` are the writer's pino lines for that batch, for the
 * caller's logger. After a failure (or a failed start) every later batch is `failed` too, unwritten.
 */
export type FromWriterThread =
  | { readonly type: 'committed'; readonly applied: AppliedBatchWire; readonly logs: readonly string[] }
  | { readonly type: 'failed'; readonly error: ThreadError; readonly logs: readonly string[] }
  | { readonly type: 'ready' }
  | { readonly type: 'cancelled' }
  | { readonly type: 'closed' };
