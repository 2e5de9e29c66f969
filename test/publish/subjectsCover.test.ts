import { subjectsCover } from '../../src/publish/subjectsCover.js';

describe('subjectsCover: whether a stream takes every subject under a prefix', () => {
  it.each([
    [['mirror.crm.>'], true],
    [['>'], true],
    [['mirror.>'], true],
    [['*.crm.>'], true],
    [['other.>', 'mirror.*.>'], true],
    [['mirror.crm.*'], false], // misses mirror.crm.a.b, and the prefix needs every resource
    [['mirror.crm.contacts'], false],
    [['mirror.crm'], false],
    [['mirror.crm.x.>'], false],
    [['mirror.sales.>'], false],
    [[], false],
  ])('%j covers mirror.crm.>: %s', (filters, covers) => {
    expect(subjectsCover(filters, 'mirror.crm')).toBe(covers);
  });
});
