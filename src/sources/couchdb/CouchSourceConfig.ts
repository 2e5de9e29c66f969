import * as t from 'io-ts';
import { closedObject } from '../../codecs/closedObject.js';
import { Confidence, DottedPath, PositiveInteger } from '../../codecs/scalars.js';
import { Name } from '../../model/ResourceName.js';
import { HttpHeaders } from '../transport/HttpHeaderValue.js';
import { httpUrl } from '../transport/httpUrl.js';
import { REDACTED } from '../transport/SecretMask.js';

/** Changes asked for per request, by default. */
export const DEFAULT_COUCH_LIMIT = 500;

/**
 * The database URL, e.g. `http://127.0.0.1:5984/pets`: http(s), without credentials (they come from
 * the environment through `headers`, never from the config file).
 */
export const CouchDatabaseUrl = new t.Type<string, string, unknown>(
  'CouchDatabaseUrl',
  (u): u is string => {
    const url = httpUrl(u);
    return url !== undefined && url.username === '' && url.password === '';
  },
  (u, c) => {
    const url = httpUrl(u);
    if (url === undefined) {
      return t.failure(u, c, 'expected the http(s) URL of a database, e.g. "http://127.0.0.1:5984/pets"');
    }
    if (url.username !== '' || url.password !== '') {
      // The value is not echoed: it holds a credential.
      return t.failure(
        REDACTED,
        c,
        'credentials in the URL are refused: pass them from the environment with headers, e.g. ' +
          '{ "Authorization": { "env": "COUCH_AUTH", "prefix": "Basic " } }',
      );
    }
    return t.success(u as string);
  },
  t.identity,
);

/**
 * A CouchDB-compatible `_changes` feed (CouchDB, PouchDB Server, Cloudant) mirrored into one
 * resource: see {@link couchChangesSource}.
 *
 * - `url`: the database URL, e.g. `http://127.0.0.1:5984/pets`.
 * - `occurredAtField`: a document field (dotted path) holding an RFC 3339 time, used as the delta's
 *   `occurred_at`. Without it, `occurred_at` is the time the change was observed.
 * - `limit`: changes per request (default {@link DEFAULT_COUCH_LIMIT}).
 * - `confidence`: of every delta (default 1).
 * - `headers`: literal values, or `{ "env": NAME, "prefix"?: TEXT }` read from the environment when
 *   the source is created. Credential headers must come from the environment; headers are never logged.
 */
export const CouchSourceConfig = closedObject(
  'CouchSourceConfig',
  { type: t.literal('couchdb'), id: Name, url: CouchDatabaseUrl, resource: Name },
  { occurredAtField: DottedPath, limit: PositiveInteger, confidence: Confidence, headers: HttpHeaders },
);
export type CouchSourceConfig = t.TypeOf<typeof CouchSourceConfig>;
