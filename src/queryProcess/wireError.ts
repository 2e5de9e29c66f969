import { causeCode, causeMessage } from '../errors/describeCause.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { QueryError } from '../errors/QueryError.js';
import { QueryRefusedError } from '../errors/QueryRefusedError.js';
import { StorageCorruptError } from '../errors/StorageCorruptError.js';
import { StorageError } from '../errors/StorageError.js';

/** A thrown value as it crosses the query process's IPC channel: its class's fields, plain data. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly sql?: string;
  readonly reason?: string;
  readonly operation?: string;
  readonly path?: string;
  readonly option?: string;
  readonly value?: unknown;
  readonly cause?: { readonly name: string; readonly message: string; readonly code?: string };
}

const field = (e: unknown, key: string): unknown => (e as Record<string, unknown>)[key];
const text = (e: unknown, key: string): string | undefined => {
  const v = field(e, key);
  return typeof v === 'string' ? v : undefined;
};

/** Structured clone carries primitives (and bigint) as they are; anything else as its JSON, if it has one. */
const cloneable = (v: unknown): unknown => {
  if (v === null || ['string', 'number', 'bigint', 'boolean', 'undefined'].includes(typeof v)) return v;
  try {
    return JSON.stringify(v) ?? `(a ${typeof v})`;
  } catch {
    return `(a ${typeof v} that JSON cannot write)`;
  }
};

/** Turns what the child caught into a {@link WireError}: the typed errors' fields, and the cause's message and code. */
export const errorToWire = (err: unknown): WireError => {
  const cause = field(err, 'cause');
  const causeCodeValue = causeCode(cause);
  return {
    name: text(err, 'name') ?? 'Error',
    message: causeMessage(err),
    code: causeCode(err),
    sql: text(err, 'sql'),
    reason: text(err, 'reason'),
    operation: text(err, 'operation'),
    path: text(err, 'path'),
    option: text(err, 'option'),
    value: cloneable(field(err, 'value')),
    cause:
      cause === undefined
        ? undefined
        : {
            name: text(cause, 'name') ?? 'Error',
            message: causeMessage(cause),
            ...(causeCodeValue === undefined ? {} : { code: causeCodeValue }),
          },
  };
};

const rebuildCause = (cause: WireError['cause']): Error | undefined =>
  cause === undefined ? undefined : Object.assign(new Error(cause.message), cause);

/**
 * Rebuilds the typed error the child threw: {@link QueryRefusedError}, {@link QueryError},
 * {@link StorageError}, {@link StorageCorruptError} and {@link InvalidOptionsError} with their fields (the cause as a plain Error with
 * the original's name, message and code); anything else becomes a {@link QueryError} with its message.
 */
export const errorFromWire = (wire: WireError, sql: string): Error => {
  const cause = rebuildCause(wire.cause);
  switch (wire.code) {
    case 'QUERY_REFUSED':
      return new QueryRefusedError(wire.sql ?? sql, wire.reason ?? wire.message);
    case 'QUERY_FAILED':
      return new QueryError(wire.sql ?? sql, wire.message, { cause });
    case 'STORAGE_FAILED':
      return new StorageError(wire.operation ?? 'query', wire.path ?? '', { cause: cause ?? wire.message });
    case 'STORAGE_CORRUPT':
      return new StorageCorruptError(
        wire.operation ?? 'query',
        wire.path ?? '',
        wire.reason ?? wire.message,
        {
          cause,
          ...(wire.cause?.code === undefined ? {} : { sqliteCode: wire.cause.code }),
        },
      );
    case 'INVALID_OPTIONS': {
      const option = wire.option ?? 'options';
      const prefix = `${option}: `;
      const reason = wire.message.startsWith(prefix) ? wire.message.slice(prefix.length) : wire.message;
      return new InvalidOptionsError(option, wire.value, reason);
    }
    default:
      return new QueryError(sql, `query failed: ${wire.message}`, {
        cause: Object.assign(new Error(wire.message), { name: wire.name, code: wire.code }),
      });
  }
};
