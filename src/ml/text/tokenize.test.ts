import { describe, expect, it } from 'vitest';

import { capCodeUnits, collapseWhitespace, countWords, sparseTokens } from './tokenize.js';

describe('tokenize', () => {
  it('splits sparse tokens on anything but letters, marks and digits', () => {
    expect(sparseTokens("don't café 42€ naïve")).toEqual(['don', 't', 'café', '42', 'naïve']);
    expect(sparseTokens('  ')).toEqual([]);
  });

  it('counts words as letter/digit runs', () => {
    expect(countWords('Hello, world — 2 times!')).toBe(4);
  });

  it('collapses whitespace and caps without splitting surrogate pairs', () => {
    expect(collapseWhitespace(' a \n\t b ')).toBe('a b');
    expect(capCodeUnits('ab😀', 3)).toBe('ab');
    expect(capCodeUnits('abc', 5)).toBe('abc');
  });
});
