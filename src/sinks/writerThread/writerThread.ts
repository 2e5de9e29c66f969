/**
 * The writer thread's entry (a `worker_threads` Worker started by `sqliteSinkOnThread`): opens its own
 * connection to the store, writes each batch it is sent with {@link batchWriter}, and answers each
 * message once, in order, on the port, counting its replies in the shared `REPLIES` slot so that the
 * caller can wait for one without its event loop. Nothing is written after a failure.
 */
import { workerData } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import { toThreadError, type ThreadError } from '../../errors/threadError.js';
import type { MirrorItem } from '../../model/MirrorItem.js';
import { strategyByName } from '../../strategies/selectStrategy.js';
import type { MirrorStore } from '../../store/MirrorStore.js';
import { openStore } from '../../store/openStore.js';
import { batchWriter, type BatchWriter } from '../batchWriter.js';
import { appliedBatchToWire } from './appliedBatchWire.js';
import { batchFromWire } from './batchWire.js';
import {
  CANCELLED,
  EXITED,
  REPLIES,
  type FromWriterThread,
  type ToWriterThread,
  type WriterThreadData,
} from './writerThreadProtocol.js';

const data = workerData as WriterThreadData;
const signals = new Int32Array(data.signals);
const { port } = data;

/** The writer's log lines of the batch being written, sent back with its reply. */
let logs: string[] = [];
const logger: Logger | undefined =
  data.logLevel === undefined
    ? undefined
    : pino({ level: data.logLevel, base: undefined }, { write: (line: string) => void logs.push(line) });

const reply = (message: FromWriterThread): void => {
  try {
    port.postMessage(message);
  } catch (err) {
    // A reply that cannot be cloned: say so in its place, and write nothing more.
    failure ??= toThreadError(err);
    port.postMessage({ type: 'failed', error: toThreadError(err), logs: [] } satisfies FromWriterThread);
  }
  Atomics.add(signals, REPLIES, 1);
  Atomics.notify(signals, REPLIES);
};

// A thread that stops for any reason says so, so that a caller waiting for a reply does not wait forever.
process.on('exit', () => {
  Atomics.store(signals, EXITED, 1);
  Atomics.notify(signals, REPLIES);
});

let store: MirrorStore | undefined;
let write: BatchWriter | undefined;
/** Set by the first failure (or a failed start): every later batch is refused with it, unwritten. */
let failure: ThreadError | undefined;
try {
  store = openStore({
    path: data.path,
    busyTimeoutMs: data.busyTimeoutMs,
    cacheSizeMiB: data.cacheSizeMiB,
    ...(data.maxSizeMiB === undefined ? {} : { maxSizeMiB: data.maxSizeMiB }),
  });
  write = batchWriter(store, {
    strategy: strategyByName(data.strategy),
    strategyFor: Object.fromEntries(
      Object.entries(data.strategyFor).map(([resource, name]) => [resource, strategyByName(name)]),
    ),
    onRefusal: data.onRefusal,
    ...(logger === undefined ? {} : { logger }),
  });
} catch (err) {
  failure = toThreadError(err);
}
// The first reply: the writer is ready (its sole-writer and cursor baselines read), or why it is not.
reply(failure === undefined ? { type: 'ready' } : { type: 'failed', error: failure, logs: [] });

const writeBatch = (items: readonly MirrorItem[]): FromWriterThread => {
  logs = [];
  if (failure !== undefined) return { type: 'failed', error: failure, logs };
  if (Atomics.load(signals, CANCELLED) === 1) return { type: 'cancelled' };
  try {
    const applied = (write as BatchWriter)(items);
    return { type: 'committed', applied: appliedBatchToWire(items, applied), logs };
  } catch (err) {
    failure = toThreadError(err);
    return { type: 'failed', error: failure, logs };
  }
};

port.on('message', (message: ToWriterThread) => {
  if (message.type === 'batch') {
    reply(writeBatch(batchFromWire(message.batch)));
    return;
  }
  try {
    store?.close();
  } finally {
    reply({ type: 'closed' });
    port.close();
  }
});
