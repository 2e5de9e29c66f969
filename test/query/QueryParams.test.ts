import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { toBindArguments } from '../../src/query/QueryParams.js';

describe('toBindArguments', () => {
  it('passes no arguments when there are no params', () => {
    expect(toBindArguments(undefined)).toEqual([]);
    expect(toBindArguments([])).toEqual([]);
  });

  it('binds safe integers and booleans as INTEGER (bigint), other values as they are', () => {
    expect(toBindArguments(['s', 5, 2.5, 7n, true, false, null])).toEqual(['s', 5n, 2.5, 7n, 1n, 0n, null]);
  });

  it('passes named params as one plain object, validated per key', () => {
    expect(toBindArguments({ a: 1, b: 'x' })).toEqual([{ a: 1n, b: 'x' }]);
    expect(() => toBindArguments({ a: undefined } as never)).toThrow(/^params\.a: /);
  });

  it('refuses values SQLite cannot bind, naming where they are', () => {
    expect(() => toBindArguments([1, Number.POSITIVE_INFINITY])).toThrow(InvalidOptionsError);
    expect(() => toBindArguments([1, Number.POSITIVE_INFINITY])).toThrow(
      /^params\[1\]: expected a finite number/,
    );
    expect(() => toBindArguments([Buffer.from('x')] as never)).toThrow(/^params\[0\]: expected a string/);
    expect(() => toBindArguments(new Map() as never)).toThrow(/^params: expected a plain object/);
  });
});
