import { QueryArgumentError } from '../../src/errors/QueryArgumentError.js';
import { parameterFromArgument } from '../../src/query/parameterFromArgument.js';
import { toBindArguments } from '../../src/query/QueryParams.js';

describe('parameterFromArgument: a --param value is a number exactly when it is a JSON number literal', () => {
  it.each([
    ['1000', 1000],
    ['0', 0],
    ['-7', -7],
    ['-2.5', -2.5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['2.0', 2],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['-9007199254740991', Number.MIN_SAFE_INTEGER],
  ])('%s is the number %p', (text, expected) => {
    expect(parameterFromArgument(text)).toBe(expected);
  });

  it.each([
    ['9007199254740993', 9007199254740993n], // 2^53 + 1: a double would make it …992
    ['-9007199254740993', -9007199254740993n],
    ['9223372036854775807', 9223372036854775807n], // the largest 64-bit integer
    ['-9223372036854775808', -9223372036854775808n],
  ])('%s, an integer beyond 2^53 within 64 bits, is a bigint with every digit', (text, expected) => {
    expect(parameterFromArgument(text)).toBe(expected);
  });

  it('reads an integer beyond 64 bits as the double SQLite reads the same literal as', () => {
    expect(parameterFromArgument('9223372036854775808')).toBe(2 ** 63);
    expect(parameterFromArgument('123456789012345678901234567890')).toBe(1.2345678901234568e29);
  });

  it.each([
    '007',
    '00',
    '+5',
    '.5',
    '5.',
    '0x10',
    '1_000',
    ' 5',
    '5 ',
    'NaN',
    'Infinity',
    '-Infinity',
    'true',
    'null',
    '',
    '1,5',
    'abc',
    '12ab',
    '٣', // an Arabic-Indic digit is not a JSON digit
  ])('%p is not a JSON number literal and stays text', (text) => {
    expect(parameterFromArgument(text)).toBe(text);
  });

  it('with kind text, keeps any value as its text, numbers included', () => {
    expect(parameterFromArgument('1000', 'text')).toBe('1000');
    expect(parameterFromArgument('9007199254740993', 'text')).toBe('9007199254740993');
    expect(parameterFromArgument('1e400', 'text')).toBe('1e400');
  });

  it('refuses a JSON number beyond a double, naming it and --param-text', () => {
    const attempt = (): unknown => parameterFromArgument('1e400');
    expect(attempt).toThrow(QueryArgumentError);
    expect(attempt).toThrow(/^--param: 1e400 is beyond the range of a double .*--param-text$/);
    expect(() => parameterFromArgument('-1e400')).toThrow(QueryArgumentError);
  });

  it('binds what it returns: integers as INTEGER, fractions as REAL, the rest as TEXT', () => {
    const args = ['1000', '1e3', '-2.5', '9007199254740993', '007'].map((t) => parameterFromArgument(t));
    expect(toBindArguments(args)).toEqual([1000n, 1000n, -2.5, 9007199254740993n, '007']);
  });
});
