import * as t from 'io-ts';

// JetStream names (streams, buckets, consumers) are subject tokens: no whitespace, '.', '*', '>',
// path separators; keep to the characters every NATS tool accepts.
const NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** A JetStream stream or bucket name: 1 to 255 of `A–Z a–z 0–9 _ -`. */
export const NatsName = new t.Type<string, string, unknown>(
  'NatsName',
  (u): u is string => typeof u === 'string' && NAME.test(u),
  (u, c) =>
    typeof u === 'string' && NAME.test(u)
      ? t.success(u)
      : t.failure(u, c, 'expected a JetStream name of 1 to 255 characters from A-Z a-z 0-9 _ -'),
  t.identity,
);

const TOKEN = /^[^\s.*>]+$/;

/** One subject token: no whitespace, `.`, `*` or `>`. */
export const isSubjectToken = (text: string): boolean => TOKEN.test(text);

/** A subject prefix of one or more tokens joined by dots, e.g. `mirror.crm`: no wildcards, no empty token. */
export const SubjectPrefix = new t.Type<string, string, unknown>(
  'SubjectPrefix',
  (u): u is string => typeof u === 'string' && u.split('.').every(isSubjectToken),
  (u, c) =>
    typeof u === 'string' && u.split('.').every(isSubjectToken)
      ? t.success(u)
      : t.failure(u, c, 'expected subject tokens joined by dots, e.g. "mirror.crm" (no spaces, "*" or ">")'),
  t.identity,
);
