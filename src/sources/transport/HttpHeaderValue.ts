import * as t from 'io-ts';
import { closedObject } from '../../codecs/closedObject.js';
import { NonEmptyString } from '../../codecs/scalars.js';
import { REDACTED } from './SecretMask.js';

/** A header whose value is read from an environment variable when the source starts, e.g. `Bearer $CRM_TOKEN`. */
export const EnvHeaderValue = closedObject(
  'EnvHeaderValue',
  { env: NonEmptyString },
  { prefix: t.string, suffix: t.string },
);
export type EnvHeaderValue = t.TypeOf<typeof EnvHeaderValue>;

/** A header value: literal text (never a secret), or `{ "env": NAME, "prefix"?: TEXT }`. */
export type HttpHeaderValue = string | EnvHeaderValue;

/**
 * Header names that carry credentials. A literal value for one of these is refused: secrets come
 * from the environment, never from the config file (which gets committed, copied and pasted).
 */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|key|password|auth|session/i;

export const isSecretHeader = (name: string): boolean => SECRET_HEADER.test(name);

const isHeaderName = (name: string): boolean => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);

/**
 * Request headers: name to literal value or environment reference. Refuses a literal value for a
 * credential header, without echoing the value in the error.
 */
export const HttpHeaders = new t.Type<
  Record<string, HttpHeaderValue>,
  Record<string, HttpHeaderValue>,
  unknown
>(
  'HttpHeaders',
  (u): u is Record<string, HttpHeaderValue> =>
    typeof u === 'object' &&
    u !== null &&
    !Array.isArray(u) &&
    Object.entries(u).every(
      ([k, v]) => isHeaderName(k) && (typeof v === 'string' ? !isSecretHeader(k) : EnvHeaderValue.is(v)),
    ),
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'expected an object');
    const errors: t.ValidationError[] = [];
    const headers: Record<string, HttpHeaderValue> = {};
    for (const [name, value] of Object.entries(u as Record<string, unknown>)) {
      const at = t.appendContext(c, name, t.unknown, value);
      if (!isHeaderName(name)) {
        errors.push({ value: name, context: at, message: 'expected a valid HTTP header name' });
      } else if (typeof value === 'string') {
        if (isSecretHeader(name)) {
          errors.push({
            value: REDACTED,
            context: at,
            message: `a credential must come from the environment, not the config file: use { "env": "VARIABLE", "prefix": "Bearer " }`,
          });
        } else {
          headers[name] = value;
        }
      } else if (EnvHeaderValue.is(value)) {
        headers[name] = value;
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const decoded = EnvHeaderValue.validate(value, at);
        if (decoded._tag === 'Left') errors.push(...decoded.left);
      } else {
        errors.push({
          value,
          context: at,
          message: 'expected a string or { "env": "VARIABLE", "prefix"?: "…" }',
        });
      }
    }
    return errors.length > 0 ? t.failures(errors) : t.success(headers);
  },
  t.identity,
);
