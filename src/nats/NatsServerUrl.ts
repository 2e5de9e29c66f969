import * as t from 'io-ts';

const SCHEMES = new Set(['nats:', 'tls:', 'ws:', 'wss:']);

const problemOf = (u: unknown): string | undefined => {
  if (typeof u !== 'string') return 'expected a NATS server URL, e.g. "nats://127.0.0.1:4222"';
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'expected a NATS server URL, e.g. "nats://127.0.0.1:4222"';
  }
  if (!SCHEMES.has(url.protocol))
    return `expected a nats://, tls://, ws:// or wss:// URL, not ${url.protocol}//`;
  // Credentials never live in a config file: they would be echoed by every error that names the server.
  if (url.username !== '' || url.password !== '') return 'credentials in the URL are refused';
  return undefined;
};

/**
 * The URL of a NATS server with JetStream, e.g. `nats://127.0.0.1:4222` (`tls://`, `ws://`, `wss://`
 * too), without credentials.
 */
export const NatsServerUrl = new t.Type<string, string, unknown>(
  'NatsServerUrl',
  (u): u is string => problemOf(u) === undefined,
  (u, c) => {
    const problem = problemOf(u);
    return problem === undefined ? t.success(u as string) : t.failure(u, c, problem);
  },
  t.identity,
);

/** NATS's own default, where a config names no server. */
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
