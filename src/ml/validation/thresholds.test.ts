import { describe, expect, it } from 'vitest';

import { precisionRecallCurve } from './pr-curve.js';
import { pointAtThreshold, reachedThresholds, suggestThresholds } from './thresholds.js';

describe('suggestThresholds', () => {
  it('applies the three rules of ml.md §5.5', () => {
    // Ranked by descending probability: 10 positives, then positives at even ranks 10–26, then
    // negatives, and one last positive at rank 39 (20 positives in all).
    const probabilities: number[] = [];
    const targets: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      probabilities.push(1 - index / 40);
      targets.push(index < 10 ? 1 : index < 28 ? (index % 2 === 0 ? 1 : 0) : index === 39 ? 1 : 0);
    }
    const curve = precisionRecallCurve(probabilities, targets);
    const thresholds = suggestThresholds(curve)!;
    // high_precision: rank 10 has P = 11/11; rank 12 has P = 12/13 < 0.95.
    expect(thresholds.highPrecision).toBe(probabilities[10]);
    // high_recall: rank 26 is the 19th positive, the first point with R ≥ 0.95.
    expect(thresholds.highRecall).toBe(probabilities[26]);
    // balanced: max F1 among points; verify directly.
    let bestF1 = -1;
    let best = 0;
    curve.thresholds.forEach((threshold, index) => {
      const f1 =
        (2 * curve.precisions[index]! * curve.recalls[index]!) /
        (curve.precisions[index]! + curve.recalls[index]!);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = threshold;
      }
    });
    expect(thresholds.balanced).toBe(
      Math.min(Math.max(best, thresholds.highRecall), thresholds.highPrecision),
    );
    expect(thresholds.highRecall).toBeLessThanOrEqual(thresholds.balanced);
    expect(thresholds.balanced).toBeLessThanOrEqual(thresholds.highPrecision);
  });

  it('falls back to the most precise point when none reaches 0.95, ties to larger recall', () => {
    const curve = precisionRecallCurve([0.9, 0.8, 0.7, 0.6, 0.5], [0, 1, 0, 1, 1]);
    // Points: 0.8 (P 1/2, R 1/3), 0.6 (P 2/4, R 2/3), 0.5 (P 3/5, R 1).
    expect(suggestThresholds(curve)?.highPrecision).toBe(0.5);
    const tied = precisionRecallCurve([0.9, 0.8, 0.7, 0.6], [0, 1, 0, 1]);
    // Points: 0.8 (P 1/2, R 1/2), 0.6 (P 2/4, R 1) → equal precision, larger recall wins.
    expect(suggestThresholds(tied)?.highPrecision).toBe(0.6);
  });

  it('breaks F1 ties towards the larger threshold', () => {
    // Points: 0.9 (P 1, R 1/3 → F1 0.5), 0.5 (P 2/4, R 2/3 → F1 0.571), 0.4 (P 3/7, R 1 → F1 0.6).
    const curve = precisionRecallCurve(
      [0.9, 0.8, 0.7, 0.5, 0.45, 0.44, 0.4],
      [1, 0, 0, 1, 0, 0, 1],
    );
    expect(suggestThresholds(curve)?.balanced).toBe(0.4);
    // Points 0.9 (P 1, R 1/2) and 0.6 (P 2/4, R 1) both have F1 = 2/3.
    const tie = precisionRecallCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 0, 1]);
    expect(suggestThresholds(tie)?.balanced).toBe(0.9);
  });

  it('is null without positives', () => {
    expect(suggestThresholds(precisionRecallCurve([0.5], [0]))).toBeNull();
  });
});

describe('pointAtThreshold and reachedThresholds', () => {
  it('count errors at a threshold and list the reached names', () => {
    const curve = precisionRecallCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]);
    expect(pointAtThreshold(curve, 0.7)).toEqual({
      precision: 2 / 3,
      recall: 1,
      falsePositives: 1,
      falseNegatives: 0,
    });
    expect(pointAtThreshold(curve, 0.65)).toBeNull();
    expect(reachedThresholds({ highRecall: 0.2, balanced: 0.5, highPrecision: 0.9 }, 0.5)).toEqual([
      'high_recall',
      'balanced',
    ]);
  });
});
