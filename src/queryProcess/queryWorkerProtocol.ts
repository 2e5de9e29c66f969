import type { QueryCallOptions, QueryOptions } from '../query/QueryOptions.js';
import type { QueryParams } from '../query/QueryParams.js';
import type { WireError } from './wireError.js';

/**
 * The messages between {@link openQueryProcess} and its child (`queryWorker.js`), over Node's IPC
 * channel with `serialization: 'advanced'` (structured clone, so bigint parameters travel as they are).
 * The child gets its {@link QueryWorkerConfig} as JSON in `argv[2]`, opens the database, says `ready`
 * (or `failed`), then answers one request at a time.
 */
export interface QueryWorkerConfig {
  readonly path: string;
  readonly options: QueryOptions;
}

/** What the child can be asked: a query, a description of resources, or the resource list. */
export type QueryWorkerOperation =
  | {
      readonly op: 'query';
      readonly sql: string;
      readonly params: QueryParams | undefined;
      readonly options: QueryCallOptions;
    }
  | { readonly op: 'describe'; readonly resource: string | null }
  | { readonly op: 'list' };

export type QueryWorkerRequest = QueryWorkerOperation & { readonly id: number };

export type QueryWorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly error: WireError }
  | { readonly type: 'done'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null;

/** Checks the shape of a message from the child; anything else is a protocol failure. */
export const isQueryWorkerReply = (u: unknown): u is QueryWorkerReply => {
  if (!isObject(u)) return false;
  switch (u.type) {
    case 'ready':
      return true;
    case 'failed':
      return isObject(u.error);
    case 'done':
      return typeof u.id === 'number' && 'value' in u;
    case 'error':
      return typeof u.id === 'number' && isObject(u.error);
    default:
      return false;
  }
};

/** Checks the shape of a message from the parent. */
export const isQueryWorkerRequest = (u: unknown): u is QueryWorkerRequest => {
  if (!isObject(u) || typeof u.id !== 'number') return false;
  switch (u.op) {
    case 'query':
      return typeof u.sql === 'string' && isObject(u.options);
    case 'describe':
      return u.resource === null || typeof u.resource === 'string';
    case 'list':
      return true;
    default:
      return false;
  }
};
