import { InvalidOptionsError } from '../../errors/InvalidOptionsError.js';
import type { HttpHeaderValue } from './HttpHeaderValue.js';

/** A source's request headers, resolved when the source is created. */
export interface ResolvedHeaders {
  /** Name to value, secrets included: they go on the wire and nowhere else. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The values read from the environment, bare (without prefix or suffix): what must never show in a
   * log, an error or a report, even echoed by a server. A literal value is config-file text, not a secret.
   */
  readonly secrets: readonly string[];
}

/**
 * The request headers, with environment references replaced by the variables' values. A missing
 * variable is an error naming the header and the variable, never showing a value.
 * @throws {InvalidOptionsError} when a referenced variable is not set (or empty).
 */
export const resolveHeaders = (
  headers: Readonly<Record<string, HttpHeaderValue>> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): ResolvedHeaders => {
  const resolved: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') {
      resolved[name] = value;
      continue;
    }
    const secret = env[value.env];
    if (secret === undefined || secret === '') {
      throw new InvalidOptionsError(
        `${where} headers.${name}`,
        value.env,
        `environment variable ${value.env} is not set (the header's value is read from it)`,
      );
    }
    secrets.push(secret);
    resolved[name] = `${value.prefix ?? ''}${secret}${value.suffix ?? ''}`;
  }
  return { headers: resolved, secrets };
};
