import * as E from 'fp-ts/lib/Either.js';
import { CouchChangesFeed, seqToCursor } from '../../../src/sources/couchdb/CouchChangesFeed.js';
import { parseJson } from '../../../src/model/parseJson.js';

describe('CouchChangesFeed', () => {
  it('keeps a numeric sequence beyond 2^53 as its exact text for the cursor', () => {
    const feed = CouchChangesFeed.decode(parseJson('{"results":[],"last_seq":9007199254740993,"pending":0}'));
    expect(E.isRight(feed) && seqToCursor(feed.right.last_seq)).toBe('9007199254740993');
  });

  it('sends back opaque and small numeric sequences as given', () => {
    expect(seqToCursor('12-g1AAAA')).toBe('12-g1AAAA');
    expect(seqToCursor(12)).toBe('12');
  });
});
