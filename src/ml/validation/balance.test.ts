import { describe, expect, it } from 'vitest';

import {
  annotationSourceRatios,
  biasModelScore,
  isBiasedLabel,
  mannWhitneyAuc,
} from './balance.js';

describe('mannWhitneyAuc', () => {
  it('counts ties as one half', () => {
    // Positive–negative pairs: (0.4, 0.1) 1, (0.4, 0.4) ½, (0.8, 0.1) 1, (0.8, 0.4) 1 → 3.5 / 4.
    expect(mannWhitneyAuc([0.1, 0.4, 0.4, 0.8], [0, 1, 0, 1])).toBe(0.875);
    expect(mannWhitneyAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(mannWhitneyAuc([0.5], [1])).toBeNull();
  });
});

describe('biasModelScore', () => {
  it('removes two noise standard deviations before scoring (ml.md §5.9)', () => {
    const noise = Math.sqrt(201 / (12 * 100 * 100));
    expect(biasModelScore(0.7, 100, 100)).toBeCloseTo(1 - 2 * (0.7 - 2 * noise - 0.5), 12);
    expect(biasModelScore(0.52, 100, 100)).toBe(1);
    expect(biasModelScore(1, 5000, 5000)).toBeCloseTo(
      2 * 2 * Math.sqrt(10001 / (12 * 5000 * 5000)),
      12,
    );
  });

  it('is null below 20 reviewed or unreviewed comments', () => {
    expect(biasModelScore(0.7, 19, 100)).toBeNull();
    expect(biasModelScore(0.7, 100, 19)).toBeNull();
  });
});

describe('annotationSourceRatios', () => {
  it('shares first-annotation retrieval methods; unknown counts as not shuffle', () => {
    expect(
      annotationSourceRatios([
        'shuffle',
        'rebalance',
        'text_search',
        'attachment_text_search',
        'unknown',
      ]),
    ).toEqual({ shuffleRatio: 0.2, rebalanceRatio: 0.2, textSearchRatio: 0.4 });
  });
});

describe('isBiasedLabel', () => {
  it('flags labels over- or under-represented by more than 2×', () => {
    expect(isBiasedLabel(0.1, 0.04)).toBe(true);
    expect(isBiasedLabel(0.1, 0.06)).toBe(false);
    expect(isBiasedLabel(0.01, 0.05)).toBe(true);
    expect(isBiasedLabel(0.5, 0.005)).toBe(false);
  });
});
