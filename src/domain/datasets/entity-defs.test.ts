import { describe, expect, it } from 'vitest';

import { checkUserRegex } from './entity-defs.js';

describe('checkUserRegex', () => {
  it('accepts ordinary patterns, with a leading (?i)', () => {
    for (const pattern of [
      '(?i)plan [a-z]+',
      '\\d{3}-\\d{4}',
      '(?:ab|cd)+',
      '([A-Z]{2}\\d{2})+',
      '[(+*)]+',
    ]) {
      expect(() => checkUserRegex(pattern, 'p')).not.toThrow();
    }
  });

  it('refuses patterns that cannot run safely (ml.md §8.4)', () => {
    const cases: [string, RegExp][] = [
      ['(a+)+', /catastrophic/],
      ['(a*)*b', /catastrophic/],
      ['(a|a?)+', /catastrophic/],
      ['(?:x\\d+){2,}', /catastrophic/],
      ['(a)\\1', /back-references/],
      ['(?<w>a)\\k<w>', /back-references/],
      ['(unclosed', /invalid regular expression/],
      ['a'.repeat(1001), /at most 1000/],
    ];
    for (const [pattern, problem] of cases) {
      expect(() => checkUserRegex(pattern, 'rules.regex.pattern')).toThrow(problem);
    }
  });
});
