import { uniqueColumnNames } from '../../src/query/uniqueColumnNames.js';

describe('uniqueColumnNames', () => {
  it('keeps unique names as they are', () => {
    expect(uniqueColumnNames(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('suffixes repeats with _2, _3…, skipping suffixes that are real column names', () => {
    expect(uniqueColumnNames(['id', 'id', 'id'])).toEqual(['id', 'id_2', 'id_3']);
    expect(uniqueColumnNames(['a', 'a', 'a_2'])).toEqual(['a', 'a_3', 'a_2']);
    expect(uniqueColumnNames(['a_2', 'a', 'a'])).toEqual(['a_2', 'a', 'a_3']);
  });
});
