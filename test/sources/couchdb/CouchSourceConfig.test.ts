import * as E from 'fp-ts/lib/Either.js';
import type { DecodeIssue } from '../../../src/errors/DecodeError.js';
import { describeValidationErrors } from '../../../src/codecs/describeValidationErrors.js';
import { CouchSourceConfig } from '../../../src/sources/couchdb/CouchSourceConfig.js';

const minimal = { type: 'couchdb', id: 'petdb', url: 'http://127.0.0.1:5984/pets', resource: 'pets' };

const issuesOf = (input: unknown): DecodeIssue[] => {
  const decoded = CouchSourceConfig.decode(input);
  return E.isLeft(decoded) ? describeValidationErrors(decoded.left) : [];
};

describe('CouchSourceConfig', () => {
  it('accepts the minimal config and every optional field', () => {
    expect(issuesOf(minimal)).toEqual([]);
    expect(
      issuesOf({
        ...minimal,
        url: 'https://couch.example.com/db/pets/',
        occurredAtField: 'meta.updated_at',
        limit: 100,
        confidence: 0.5,
        headers: { Authorization: { env: 'COUCH_AUTH', prefix: 'Basic ' }, 'X-Team': 'pets' },
      }),
    ).toEqual([]);
  });

  it('names a wrong or unknown field', () => {
    expect(issuesOf({ ...minimal, limit: 0, confidence: 2, occuredAtField: 'at' })).toEqual([
      { path: 'limit', reason: 'expected a positive integer, got 0' },
      { path: 'confidence', reason: 'expected a number between 0 and 1, got 2' },
      {
        path: 'occuredAtField',
        reason: expect.stringMatching(/^unknown field \(known: type, id, url, resource,/),
      },
    ]);
    expect(issuesOf({ ...minimal, url: 'ftp://host/db' })).toEqual([
      { path: 'url', reason: expect.stringContaining('expected the http(s) URL of a database') },
    ]);
  });

  it('refuses credentials in the URL or the config file without echoing them', () => {
    const issues = issuesOf({
      ...minimal,
      url: 'http://admin:hunter2@127.0.0.1:5984/pets',
      headers: { Authorization: 'Basic aHVudGVyMg==' },
    });
    expect(issues.map((i) => i.path)).toEqual(['url', 'headers.Authorization']);
    expect(JSON.stringify(issues)).not.toMatch(/hunter2|aHVudGVyMg/);
  });
});
