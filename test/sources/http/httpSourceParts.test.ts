import { SourceProtocolError } from '../../../src/errors/SourceProtocolError.js';
import { decodeHttpCursor, encodeHttpCursor } from '../../../src/sources/http/HttpCursor.js';
import { nextLink } from '../../../src/sources/http/parseLinkHeader.js';

describe('nextLink', () => {
  it('finds rel="next" among several links, resolved against the request URL', () => {
    expect(
      nextLink(
        '<https://a.example/x?page=1>; rel="first", </items?page=3>; rel="next"',
        'https://a.example/items',
      ),
    ).toBe('https://a.example/items?page=3');
    expect(nextLink('<https://a.example/x?a=1,2>; title="t"; rel="prev next"', 'https://a.example/')).toBe(
      'https://a.example/x?a=1,2',
    );
    expect(nextLink('<https://a.example/x>; rel=next', 'https://a.example/')).toBe('https://a.example/x');
    expect(nextLink('<https://a.example/x>; rel="last"', 'https://a.example/')).toBeUndefined();
    expect(nextLink(null, 'https://a.example/')).toBeUndefined();
  });
});

describe('HttpCursor', () => {
  it('encodes with a fixed key order, leaving absent fields out, and decodes back', () => {
    const text = encodeHttpCursor({ next: 3, since: '2024-05-01T10:00:00Z' });
    expect(text).toBe('{"since":"2024-05-01T10:00:00Z","next":3}');
    expect(decodeHttpCursor(text, 'api', 'items')).toEqual({ since: '2024-05-01T10:00:00Z', next: 3 });
    expect(decodeHttpCursor(undefined, 'api', 'items')).toEqual({});
  });

  it('refuses a stored cursor of another shape with a protocol error that says how to recover', () => {
    expect(() => decodeHttpCursor('42', 'api', 'items')).toThrow(SourceProtocolError);
    expect(() => decodeHttpCursor('{"since":5}', 'api', 'items')).toThrow(
      'source "api" (items) at cursor {"since":5}: the stored cursor is not an HTTP source cursor (since: expected string, got 5); reset it to pull from the start',
    );
    expect(() => decodeHttpCursor('nope', 'api', 'items')).toThrow('(not JSON)');
  });
});
