import { describe, expect, it } from 'vitest';

import {
  balanceScore,
  modelRating,
  ratingQuality,
  roundHalfAwayFromZero,
  type RatingGroup,
} from './model-rating.js';

const coverage = {
  coverage: 0.7,
  labelOnlyCoverage: 0.75,
  pAnyLabel: 0.8,
  expectedNumLabels: 1.1,
  pUninformative: 0.15,
  ratio: 0.85,
};

function group(scores: number[], counts: number[]): RatingGroup {
  return {
    reviewedCount: 200,
    labels: scores.map((score, index) => ({
      name: `L${index}`,
      hasModel: true,
      score,
      quality: score < 50 ? 'poor' : score < 70 ? 'average' : 'good',
      reviewedPositives: counts[index]!,
      averagePrecision: score / 100,
      hasVeryLowWarning: false,
      actions: [{ kind: 'teach_unreviewed', label: `L${index}` }],
    })),
    coverage,
    meanAp: 0.65,
    weightedMap: 0.75,
  };
}

describe('modelRating', () => {
  it('reproduces the worked example of ml.md §5.10', () => {
    const rating = modelRating({
      groups: [group([90, 80, 60, 30], [100, 50, 30, 10])],
      balance: {
        biasModelScore: 0.9,
        shuffleRatio: 0.25,
        rebalanceRatio: 0,
        textSearchRatio: 0.05,
      },
    });
    const scores = Object.fromEntries(rating.factors.map((factor) => [factor.kind, factor.score]));
    expect(scores.overall_label_health).toBeCloseTo(72.24, 2);
    expect(scores.lowest_label_health).toBe(30);
    expect(scores.coverage).toBeCloseTo(80, 10);
    expect(scores.biased).toBeCloseTo(94, 10);
    expect(rating).toMatchObject({
      score: 50,
      quality: 'average',
      needsRefinement: true,
      bins: [50, 70, 90],
    });
    const lowest = rating.factors.find((factor) => factor.kind === 'lowest_label_health')!;
    expect(lowest.labelActions).toEqual([{ kind: 'teach_unreviewed', label: 'L3' }]);
    expect(lowest.contributors).toEqual([
      { kind: 'lowest_labels_map', value: 0.3 },
      { kind: 'lowest_labels_poor_ratio', value: 1 },
      { kind: 'lowest_labels_average_ratio', value: 0 },
    ]);
    const balance = rating.factors.find((factor) => factor.kind === 'biased')!;
    expect(balance.datasetActions).toEqual([]);
  });

  it('rates none without any model, and proposes balance and coverage actions', () => {
    const empty = group([0], [0]);
    const rating = modelRating({
      groups: [
        {
          ...empty,
          labels: empty.labels.map((label) => ({ ...label, hasModel: false })),
          coverage: { ...coverage, ratio: 0.6 },
        },
      ],
      balance: { biasModelScore: 0.5, shuffleRatio: 0.1, rebalanceRatio: 0, textSearchRatio: 0.5 },
    });
    expect(rating).toMatchObject({ score: 0, quality: 'none' });
    const byKind = Object.fromEntries(
      rating.factors.map((factor) => [factor.kind, factor.datasetActions]),
    );
    expect(byKind.coverage).toEqual(['low_confidence', 'discover']);
    expect(byKind.biased).toEqual(['bias', 'shuffle']);
  });

  it('weights group factors by reviewed comments', () => {
    const a = { ...group([100], [10]), reviewedCount: 300 };
    const b = { ...group([40], [10]), reviewedCount: 100 };
    const rating = modelRating({
      groups: [a, b],
      balance: { biasModelScore: 1, shuffleRatio: 1, rebalanceRatio: 0, textSearchRatio: 0 },
    });
    expect(rating.factors[0]?.score).toBe(85);
    expect(
      rating.factors[0]?.contributors.find((item) => item.kind === 'num_poor_labels')?.value,
    ).toBe(1);
  });
});

describe('rating helpers', () => {
  it('compute balance, bands and rounding', () => {
    expect(
      balanceScore({
        biasModelScore: null,
        shuffleRatio: 0.1,
        rebalanceRatio: 0.2,
        textSearchRatio: 0.3,
      }),
    ).toBeCloseTo(100 * (0.6 * 0.5 + 0.25 * 1 + 0.15 * 0.5), 10);
    expect([49.9, 50, 69.9, 70, 89.9, 90].map(ratingQuality)).toEqual([
      'poor',
      'average',
      'average',
      'good',
      'good',
      'excellent',
    ]);
    expect(roundHalfAwayFromZero(69.5)).toBe(70);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
  });
});
