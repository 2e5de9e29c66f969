import { displayWidth, wrapToWidth } from '../../src/format/displayWidth.js';

describe('wrapToWidth', () => {
  it.each([
    ['abcdefg', 3, ['abc', 'def', 'g']],
    ['abc', 3, ['abc']],
    ['', 3, ['']],
    ['e\u0301e\u0301e\u0301', 2, ['e\u0301e\u0301', 'e\u0301']], // combining accents stay on their letter
    ['日本語', 3, ['日', '本', '語']], // two cells each: one a line
    ['👨‍👩‍👧x', 1, ['👨‍👩‍👧', 'x']], // a grapheme wider than the width gets a line of its own
  ])('splits %p at %p cells into %p', (text, width, pieces) => {
    expect(wrapToWidth(text, width)).toEqual(pieces);
  });

  it('never loses a character and never passes the width (but for a lone wide grapheme)', () => {
    const text = 'Zürich – 東京 – 🇯🇵 – naïve café '.repeat(7);
    for (const width of [2, 5, 13, 40]) {
      const pieces = wrapToWidth(text, width);
      expect(pieces.join('')).toBe(text);
      for (const piece of pieces) expect(displayWidth(piece)).toBeLessThanOrEqual(width);
    }
  });
});
