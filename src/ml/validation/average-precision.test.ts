import { describe, expect, it } from 'vitest';

import { averagePrecision } from './average-precision.js';
import { precisionRecallCurve } from './pr-curve.js';

describe('averagePrecision', () => {
  it('matches the hand-checked example of ml.md §5.3', () => {
    const curve = precisionRecallCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]);
    expect(curve.thresholds).toEqual([0.9, 0.7]);
    expect(curve.precisions).toEqual([1, 2 / 3]);
    expect(curve.recalls).toEqual([0.5, 1]);
    expect(averagePrecision(curve)).toBeCloseTo(0.8333, 4);
  });

  it('groups tied scores (equal to scikit-learn’s average_precision_score)', () => {
    // sklearn: average_precision_score([1, 0, 1, 1, 0], [0.8, 0.8, 0.5, 0.3, 0.3]) = 0.7222…
    const curve = precisionRecallCurve([0.8, 0.8, 0.5, 0.3, 0.3], [1, 0, 1, 1, 0]);
    expect(curve.precisions).toEqual([0.5, 2 / 3, 3 / 5]);
    expect(averagePrecision(curve)).toBeCloseTo(
      (1 / 3) * 0.5 + (1 / 3) * (2 / 3) + (1 / 3) * 0.6,
      12,
    );
  });

  it('is null without positives and 1 for a perfect ranking', () => {
    expect(averagePrecision(precisionRecallCurve([0.2, 0.1], [0, 0]))).toBeNull();
    expect(averagePrecision(precisionRecallCurve([0.9, 0.8, 0.1], [1, 1, 0]))).toBe(1);
  });
});
