import Database from 'better-sqlite3';
import { ConcurrentWriterError } from './ConcurrentWriterError.js';
import { CursorMovedError } from './CursorMovedError.js';
import { DecodeError } from './DecodeError.js';
import { HttpSourceError } from './HttpSourceError.js';
import { InvalidOptionsError } from './InvalidOptionsError.js';
import { JetStreamSourceError } from './JetStreamSourceError.js';
import { MigrationError } from './MigrationError.js';
import { PublishError } from './PublishError.js';
import { QueryArgumentError } from './QueryArgumentError.js';
import { QueryError } from './QueryError.js';
import { QueryRefusedError } from './QueryRefusedError.js';
import { ReplayDivergedError } from './ReplayDivergedError.js';
import { SourceFailedError } from './SourceFailedError.js';
import { SourceProtocolError } from './SourceProtocolError.js';
import { SourceTimeoutError } from './SourceTimeoutError.js';
import { StorageCorruptError } from './StorageCorruptError.js';
import { StorageError } from './StorageError.js';
import { StorageFullError } from './StorageFullError.js';
import { StrategyError } from './StrategyError.js';
import { StreamPositionLostError } from './StreamPositionLostError.js';
import { UnknownSourceError } from './UnknownSourceError.js';
import { UnknownStrategyError } from './UnknownStrategyError.js';

/**
 * A thrown value as it crosses to another thread: the name of its class and every own property (the
 * message, the stack, the code and the class's own fields), its `cause` the same way. Structured
 * clone alone would keep the message and lose the class, the code and the fields.
 */
export interface ThreadError {
  readonly className: string;
  /** Each own property but `cause`: its name, its value and whether it is enumerable. */
  readonly properties: readonly (readonly [name: string, value: unknown, enumerable: boolean])[];
  readonly cause?: ThreadError | { readonly value: unknown };
}

/** The classes an error is rebuilt as on the receiving thread, by their constructor's name. */
const CLASSES: ReadonlyMap<string, { readonly prototype: object }> = new Map(
  [
    ConcurrentWriterError,
    CursorMovedError,
    DecodeError,
    HttpSourceError,
    InvalidOptionsError,
    JetStreamSourceError,
    MigrationError,
    PublishError,
    QueryArgumentError,
    QueryError,
    QueryRefusedError,
    ReplayDivergedError,
    SourceFailedError,
    SourceProtocolError,
    SourceTimeoutError,
    StorageCorruptError,
    StorageError,
    StorageFullError,
    StrategyError,
    StreamPositionLostError,
    UnknownSourceError,
    UnknownStrategyError,
    Database.SqliteError,
    Error,
    TypeError,
    RangeError,
  ].map((c) => [c.name, c]),
);

/** The value as structured clone carries it, or its text when it cannot (a function, a symbol). */
const cloneable = (value: unknown): unknown => {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
};

/** `err` as a {@link ThreadError}; a thrown value that is not an object travels as its clone. */
export const toThreadError = (err: unknown): ThreadError => {
  if (typeof err !== 'object' || err === null) {
    return {
      className: 'Error',
      properties: [['message', String(err), false]],
      cause: { value: cloneable(err) },
    };
  }
  const properties = Object.entries(Object.getOwnPropertyDescriptors(err))
    .filter(([name]) => name !== 'cause')
    .map(
      ([name, descriptor]) =>
        [name, cloneable((err as Record<string, unknown>)[name]), descriptor.enumerable === true] as const,
    );
  const cause = (err as { cause?: unknown }).cause;
  const constructor = (err as { constructor?: { name?: unknown } }).constructor;
  return {
    className: typeof constructor?.name === 'string' ? constructor.name : 'Error',
    properties,
    ...(cause === undefined
      ? {}
      : {
          cause:
            typeof cause === 'object' && cause !== null ? toThreadError(cause) : { value: cloneable(cause) },
        }),
  };
};

/**
 * The error a {@link ThreadError} was made from: an instance of the same class (one of ours,
 * better-sqlite3's `SqliteError` or a built-in; else `Error`) with the same own properties, so that
 * `instanceof`, `code`, the fields and the stack are what the other thread threw.
 */
export const fromThreadError = (wire: ThreadError): Error => {
  const prototype = (CLASSES.get(wire.className) ?? Error).prototype;
  const error = Object.create(prototype) as Error;
  for (const [name, value, enumerable] of wire.properties) {
    Object.defineProperty(error, name, { value, writable: true, configurable: true, enumerable });
  }
  if (wire.cause !== undefined) {
    const cause = 'className' in wire.cause ? fromThreadError(wire.cause) : wire.cause.value;
    Object.defineProperty(error, 'cause', {
      value: cause,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return error;
};
