import { describe, expect, it } from 'vitest';

import { deriveSeed, mulberry32 } from '../random.js';

import { randomBaselineProbability } from './random-baseline.js';

describe('randomBaselineProbability', () => {
  it('is the first draw of the seeded PRNG (ml.md §2.6)', () => {
    const expected = mulberry32(deriveSeed('d1', 'random:s.c1:Billing', 'fp'))();
    expect(randomBaselineProbability('d1', 'fp', 's.c1', 'Billing')).toBe(expected);
    expect(randomBaselineProbability('d1', 'fp', 's.c2', 'Billing')).not.toBe(expected);
  });
});
