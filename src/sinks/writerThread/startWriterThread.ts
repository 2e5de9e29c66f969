import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import { StorageError } from '../../errors/StorageError.js';
import { fromThreadError } from '../../errors/threadError.js';
import type { MirrorItem } from '../../model/MirrorItem.js';
import type { AppliedBatch } from '../AppliedBatch.js';
import { appliedBatchFromWire } from './appliedBatchWire.js';
import { batchToWire } from './batchWire.js';
import {
  CANCELLED,
  EXITED,
  REPLIES,
  SIGNAL_SLOTS,
  type FromWriterThread,
  type ToWriterThread,
  type WriterThreadData,
} from './writerThreadProtocol.js';

/** What the thread answered since it was last asked: the batches committed, in order, then a failure. */
export interface WriterThreadReplies {
  readonly applied: readonly AppliedBatch[];
  /** The error of the batch that failed after them (nothing after it is written), if one did. */
  readonly failure: Error | undefined;
}

/** A running writer thread, as the caller's thread sees it. */
export interface WriterThread {
  /**
   * Sends `batch`, then returns what was answered since the last call: what is there already, and
   * (blocking this thread) what it waits for while more than `inFlight` batches are unanswered.
   */
  write(batch: readonly MirrorItem[], inFlight: number): WriterThreadReplies;
  /** Waits for every batch sent, and returns what was answered. */
  drain(): WriterThreadReplies;
  /** Called with what commits (or the error of what fails) while this thread is idle. */
  onIdleReply: ((reply: AppliedBatch | Error) => void) | undefined;
  /**
   * Ends the thread: batches sent and not started are not written, one being written finishes, the
   * thread closes its connection. Blocks until then. Idempotent.
   */
  close(): void;
}

/** pino's label of a numeric level. */
const levelLabel = (level: unknown): string =>
  (typeof level === 'number' ? pino.levels.labels[level] : undefined) ?? 'info';

/** Writes the thread's pino lines through `logger`, as if they had been logged here. */
const forwardLogs = (logger: Logger | undefined, lines: readonly string[]): void => {
  if (logger === undefined) return;
  for (const line of lines) {
    const { level, msg, time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
    logger[levelLabel(level) as 'info'](fields, typeof msg === 'string' ? msg : '');
  }
};

/**
 * Starts the writer thread (`file`, the built `writerThread.js`), waits (blocking) until it has opened
 * the store, and returns its handle; throws the thread's error when it could not open it. The caller
 * waits for a reply without its event loop: the thread counts its replies in a shared slot
 * (`Atomics.wait`), and the reply is taken from the port synchronously (`receiveMessageOnPort`); a
 * reply that arrives while the caller is idle comes through the port's listener. Both take from the
 * one queue, so replies are handled once each, in order.
 */
export const startWriterThread = (
  file: string,
  options: Omit<WriterThreadData, 'signals' | 'port'>,
  logger?: Logger,
): WriterThread => {
  const signals = new Int32Array(new SharedArrayBuffer(SIGNAL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const { port1: port, port2 } = new MessageChannel();
  const data: WriterThreadData = { ...options, signals: signals.buffer, port: port2 };
  const worker = new Worker(file, { workerData: data, transferList: [port2] });
  worker.unref(); // the port holds the process while a batch is in flight, and only then
  worker.on('error', () => undefined); // a thread that fails is seen through EXITED, in `take`
  /** Batches sent and not yet answered, oldest first. */
  const sent: (readonly MirrorItem[])[] = [];
  let closed = false;
  let failed = false;

  const send = (message: ToWriterThread): void => port.postMessage(message);

  /** The next reply: the one already there, else (when `wait`) the one to come, blocking this thread. */
  const take = (wait: boolean): FromWriterThread | undefined => {
    for (;;) {
      const seen = Atomics.load(signals, REPLIES);
      const received = receiveMessageOnPort(port);
      if (received !== undefined) return received.message as FromWriterThread;
      if (!wait) return undefined;
      if (Atomics.load(signals, EXITED) === 1) {
        throw new StorageError('writing on the writer thread', options.path, {
          cause: new Error('the thread stopped before it answered'),
        });
      }
      Atomics.wait(signals, REPLIES, seen, 1_000);
    }
  };

  /** What a reply to the oldest batch sent means: its AppliedBatch, or (thrown) its failure. */
  const settleOldest = (reply: FromWriterThread): AppliedBatch | undefined => {
    const batch = sent.shift();
    if (batch === undefined) return undefined;
    if (sent.length === 0) port.unref();
    switch (reply.type) {
      case 'committed':
        forwardLogs(logger, reply.logs);
        return appliedBatchFromWire(batch, reply.applied);
      case 'failed':
        forwardLogs(logger, reply.logs);
        if (failed) return undefined; // the first failure was reported; the rest were not written
        failed = true;
        throw fromThreadError(reply.error);
      default:
        return undefined;
    }
  };

  /** Replies until at most `most` batches are unanswered (waiting for them), plus any already there. */
  const collect = (most: number): WriterThreadReplies => {
    const applied: AppliedBatch[] = [];
    try {
      while (sent.length > 0) {
        const reply = take(sent.length > most);
        if (reply === undefined) break;
        const one = settleOldest(reply);
        if (one !== undefined) applied.push(one);
      }
    } catch (err) {
      return { applied, failure: err as Error };
    }
    return { applied, failure: undefined };
  };

  const thread: WriterThread = {
    onIdleReply: undefined,
    write: (batch, inFlight) => {
      sent.push(batch);
      port.ref();
      send({ type: 'batch', batch: batchToWire(batch) });
      return collect(inFlight);
    },
    drain: () => collect(0),
    close: () => {
      if (closed) return;
      closed = true;
      Atomics.store(signals, CANCELLED, 1);
      port.removeAllListeners('message');
      try {
        for (; sent.length > 0; sent.shift()) take(true);
        send({ type: 'close' });
        take(true);
      } catch {
        // the thread stopped on its own: nothing of it is left to close
      }
      port.close();
    },
  };

  // Wait for the thread to be ready before anything reads cursors to resume from: the writer's
  // compare-and-set baselines (its cursors, `data_version`) must not be later than those reads.
  const first = take(true);
  if (first?.type === 'failed') {
    port.close();
    throw fromThreadError(first.error);
  }

  port.on('message', (reply: FromWriterThread) => {
    let outcome: AppliedBatch | Error | undefined;
    try {
      outcome = settleOldest(reply);
    } catch (err) {
      outcome = err as Error;
    }
    if (outcome !== undefined) thread.onIdleReply?.(outcome);
  });
  port.unref();
  return thread;
};
