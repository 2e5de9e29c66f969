import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResourceDescription } from '../discovery/MirrorDescription.js';
import type { ResourceOverview } from '../discovery/listMirrorResources.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { QueryError } from '../errors/QueryError.js';
import { resolveQueryLimits, resolveTimeoutMs, type QueryOptions } from '../query/QueryOptions.js';
import { toBindArguments } from '../query/QueryParams.js';
import type { QueryResult } from '../query/QueryResult.js';
import type { MirrorQueryProcess } from './MirrorQueryProcess.js';
import {
  isQueryWorkerReply,
  type QueryWorkerConfig,
  type QueryWorkerOperation,
  type QueryWorkerRequest,
} from './queryWorkerProtocol.js';
import { errorFromWire } from './wireError.js';

/** How long a fresh query process may take to start and open the database. */
export const DEFAULT_WORKER_START_TIMEOUT_MS = 10_000;

/** How long {@link MirrorQueryProcess.close} waits for the child to exit before killing it. */
const CLOSE_GRACE_MS = 1_000;

/** Longest part of a statement quoted in a time-limit message. */
const SQL_PREVIEW_LENGTH = 200;

/** Options of {@link openQueryProcess}: those of {@link openQuery}, plus where the worker is. */
export interface QueryProcessOptions extends QueryOptions {
  /**
   * The worker script the child runs. Default: the built `queryWorker.js` next to this module (in
   * `dist/queryProcess/`); running the library from TypeScript sources needs the built worker's path here.
   */
  readonly workerPath?: string | URL;
  /** How long a fresh child may take to start and open the database (default {@link DEFAULT_WORKER_START_TIMEOUT_MS}). */
  readonly startTimeoutMs?: number;
}

interface Job {
  /** What runs: `query` or `describe`, for messages. */
  readonly what: string;
  /** The statement (or a description of the call), for errors. */
  readonly label: string;
  readonly operation: QueryWorkerOperation;
  readonly timeoutMs: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

interface Child {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  exited: boolean;
}

interface Running {
  readonly id: number;
  readonly job: Job;
  readonly child: Child;
  timer: NodeJS.Timeout | undefined;
}

const preview = (sql: string): string => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > SQL_PREVIEW_LENGTH ? `${flat.slice(0, SQL_PREVIEW_LENGTH - 1)}…` : flat;
};

const timeLimitError = (job: Job): QueryError =>
  new QueryError(
    job.label,
    `${job.what} exceeded its time limit of ${job.timeoutMs} ms and was stopped (its query process was ` +
      `killed): ${preview(job.label)}. Narrow it: filter early with a selective WHERE (lookups by ` +
      'record_id use the index), join fewer rows (filter each side first; never CROSS JOIN large views), ' +
      'bound recursive CTEs (WHERE n < …), aggregate over fewer rows, or page with LIMIT/OFFSET; or raise ' +
      'the time limit (timeoutMs, --timeout-ms)',
  );

const exitText = (code: number | null, signal: NodeJS.Signals | null): string =>
  signal === null ? `exit code ${String(code)}` : `signal ${signal}`;

const isQueryResult = (u: unknown): u is QueryResult =>
  typeof u === 'object' &&
  u !== null &&
  Array.isArray((u as QueryResult).columns) &&
  Array.isArray((u as QueryResult).rows) &&
  typeof (u as QueryResult).truncated === 'boolean';

const resolveWorkerFile = (workerPath: string | URL | undefined): string => {
  const file =
    workerPath === undefined
      ? fileURLToPath(new URL('./queryWorker.js', import.meta.url))
      : workerPath instanceof URL
        ? fileURLToPath(workerPath)
        : workerPath;
  if (!existsSync(file)) {
    throw new InvalidOptionsError(
      'workerPath',
      file,
      `no query worker at ${file}: openQueryProcess forks the built worker (dist/queryProcess/queryWorker.js); ` +
        'run `npm run build`, or pass the built worker as workerPath',
    );
  }
  return file;
};

/**
 * Opens a {@link MirrorQueryProcess} on the mirror database at `path`: starts a child process (a fork
 * of `queryWorker.js`) that opens its own read-only connection with {@link openQuery}, and resolves
 * once it has. Every call is bounded by rows and bytes (as {@link openQuery}) and by a hard time limit:
 * better-sqlite3 cannot interrupt a statement, so a call still running at its limit has its child
 * killed with SIGKILL and rejects with a {@link QueryError} naming the limit, the statement and how to
 * narrow it; the next call gets a fresh child. A child that dies on its own (out of memory, a crash)
 * fails the call it was running the same way, with its exit code or signal.
 *
 * The child's stdout is discarded and its stderr is the host's, so a host speaking a protocol on stdout
 * (an MCP server) stays clean. The child holds no reference on the host's event loop between calls;
 * call `close()` when done.
 *
 * @throws {@link InvalidOptionsError} for a bad option, or when the worker script is missing.
 * @throws {@link StorageError} when the database cannot be opened (see {@link openQuery}).
 */
export const openQueryProcess = async (
  path: string,
  options: QueryProcessOptions = {},
): Promise<MirrorQueryProcess> => {
  const defaults = resolveQueryLimits(options);
  const startTimeoutMs = resolveTimeoutMs(options.startTimeoutMs, DEFAULT_WORKER_START_TIMEOUT_MS);
  const workerFile = resolveWorkerFile(options.workerPath);
  const config: QueryWorkerConfig = { path, options: defaults };

  const queue: Job[] = [];
  let child: Child | undefined;
  let running: Running | undefined;
  let nextId = 0;
  let closed = false;

  const finish = (id: number): Job | undefined => {
    if (running?.id !== id) return undefined;
    const { job, timer } = running;
    clearTimeout(timer);
    running = undefined;
    setImmediate(pump);
    return job;
  };

  const dropChild = (c: Child): void => {
    if (child === c) child = undefined;
  };

  const spawnChild = (): Child => {
    const proc = fork(workerFile, [JSON.stringify(config)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      execArgv: [],
    });
    let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    ready.catch(() => undefined); // observed by whoever waits on it; never unhandled
    const c: Child = { proc, ready, exited: false };
    const startTimer = setTimeout(() => {
      failStart(
        new QueryError(
          '',
          `query failed: the query process did not open ${path} within ${startTimeoutMs} ms`,
        ),
      );
      proc.kill('SIGKILL');
    }, startTimeoutMs);
    const failStart = (err: unknown): void => {
      clearTimeout(startTimer);
      dropChild(c);
      settle?.reject(err);
      settle = undefined;
    };

    proc.on('message', (message: unknown) => {
      if (!isQueryWorkerReply(message)) return;
      switch (message.type) {
        case 'ready':
          clearTimeout(startTimer);
          settle?.resolve();
          settle = undefined;
          return;
        case 'failed':
          failStart(errorFromWire(message.error, ''));
          return;
        case 'done':
        case 'error': {
          if (running?.child !== c || running.id !== message.id) return;
          const job = finish(message.id);
          if (message.type === 'error') job?.reject(errorFromWire(message.error, job.label));
          else job?.resolve(message.value);
          return;
        }
      }
    });
    proc.on('error', (err) => {
      failStart(new QueryError('', `query failed: could not run the query process: ${err.message}`));
      if (running?.child === c) {
        finish(running.id)?.reject(
          new QueryError(running.job.label, `query failed: the query process failed: ${err.message}`),
        );
      }
    });
    proc.on('exit', (code, signal) => {
      c.exited = true;
      dropChild(c);
      failStart(
        new QueryError(
          '',
          `query failed: the query process exited before it was ready (${exitText(code, signal)})`,
        ),
      );
      if (running?.child === c) {
        const { job } = running;
        finish(running.id)?.reject(
          new QueryError(
            job.label,
            `${job.what} failed: its query process exited unexpectedly (${exitText(code, signal)})`,
          ),
        );
      }
    });
    // Between calls, an idle child must not keep the host alive; a call in flight holds its timer.
    proc.unref();
    proc.channel?.unref();
    return c;
  };

  const dispatch = (id: number, c: Child, job: Job): void => {
    if (running?.id !== id || c.exited) return;
    const request: QueryWorkerRequest = { ...job.operation, id };
    running.timer = setTimeout(() => {
      if (running?.id !== id) return;
      dropChild(c);
      c.proc.kill('SIGKILL');
      // Start the replacement now, so the next call does not wait for it (a failed start is retried then).
      if (!closed) child = spawnChild();
      finish(id)?.reject(timeLimitError(job));
    }, job.timeoutMs);
    c.proc.send(request, (err) => {
      if (err !== null && running?.id === id) c.proc.kill('SIGKILL'); // the exit handler fails the job
    });
  };

  function pump(): void {
    if (running !== undefined || closed) return;
    const job = queue.shift();
    if (job === undefined) return;
    const c = child ?? (child = spawnChild());
    const id = ++nextId;
    running = { id, job, child: c, timer: undefined };
    // The ready wait holds the event loop through the start timer; the job's own limit starts at dispatch.
    c.ready.then(
      () => dispatch(id, c, job),
      (err: unknown) => finish(id)?.reject(err),
    );
  }

  const submit = <T>(
    what: string,
    label: string,
    operation: QueryWorkerOperation,
    timeoutMs: number,
    check: (value: unknown) => value is T,
  ): Promise<T> => {
    if (closed) {
      return Promise.reject(new QueryError(label, `${what} failed: the query process is closed`));
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({
        what,
        label,
        operation,
        timeoutMs,
        resolve: (value) =>
          check(value)
            ? resolve(value)
            : reject(
                new QueryError(label, `${what} failed: the query process answered something unexpected`),
              ),
        reject,
      });
      pump();
    });
  };

  const first = spawnChild();
  child = first;
  try {
    await first.ready;
  } catch (err) {
    if (!first.exited) first.proc.kill('SIGKILL');
    throw err;
  }

  const isArray = <T>(u: unknown): u is T[] => Array.isArray(u);

  return {
    async query(sql, params, callOptions) {
      toBindArguments(params); // refuse bad values here: the child could not even receive some of them
      const options = resolveQueryLimits(callOptions, defaults);
      return await submit(
        'query',
        sql,
        { op: 'query', sql, params, options },
        options.timeoutMs,
        isQueryResult,
      );
    },
    async describe(resource, callOptions) {
      const timeoutMs = resolveTimeoutMs(callOptions?.timeoutMs, defaults.timeoutMs);
      const label = resource === undefined ? 'describe all resources' : `describe resource ${resource}`;
      const operation = { op: 'describe', resource: resource ?? null } as const;
      return await submit('describe', label, operation, timeoutMs, isArray<ResourceDescription>);
    },
    async listResources(callOptions) {
      const timeoutMs = resolveTimeoutMs(callOptions?.timeoutMs, defaults.timeoutMs);
      return await submit('list', 'list resources', { op: 'list' }, timeoutMs, isArray<ResourceOverview>);
    },
    get pid() {
      return child?.proc.pid;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) {
        job.reject(new QueryError(job.label, `${job.what} failed: the query process is closed`));
      }
      const current = running;
      if (current !== undefined) {
        clearTimeout(current.timer);
        running = undefined;
        current.child.proc.kill('SIGKILL');
        current.job.reject(
          new QueryError(current.job.label, `${current.job.what} failed: the query process is closed`),
        );
      }
      const c = child;
      child = undefined;
      if (c === undefined || c.exited) return;
      await new Promise<void>((resolve) => {
        const killTimer = setTimeout(() => c.proc.kill('SIGKILL'), CLOSE_GRACE_MS);
        c.proc.once('exit', () => {
          clearTimeout(killTimer);
          resolve();
        });
        if (c.proc.connected) c.proc.disconnect();
        else c.proc.kill('SIGKILL');
      });
    },
  };
};
