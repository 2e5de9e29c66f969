import { InvalidOptionsError } from '../../errors/InvalidOptionsError.js';
import type { HttpHeaderValue } from './HttpHeaderValue.js';

/**
 * The request headers, with environment references replaced by the variables' values. A missing
 * variable is an error naming the variable, never showing a value. The result holds secrets: pass
 * it to the HTTP client only, never to a logger.
 */
export const resolveHeaders = (
  headers: Readonly<Record<string, HttpHeaderValue>> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): Readonly<Record<string, string>> => {
  const resolved: Record<string, string> = {};
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
    resolved[name] = `${value.prefix ?? ''}${secret}${value.suffix ?? ''}`;
  }
  return resolved;
};
