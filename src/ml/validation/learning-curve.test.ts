import { describe, expect, it } from 'vitest';

import {
  additionalExamplesNeeded,
  fitLearningCurve,
  predictedAveragePrecision,
} from './learning-curve.js';

describe('learning curve', () => {
  // Exact curve ln(1 − AP + 0.01) = 0 − 0.5·ln n, i.e. AP = 1.01 − n^−½.
  const points = [4, 16, 64].map((n) => ({
    reviewedPositives: n,
    averagePrecision: 1.01 - n ** -0.5,
  }));

  it('fits α and β by least squares', () => {
    const fit = fitLearningCurve(points)!;
    expect(fit.alpha).toBeCloseTo(0, 12);
    expect(fit.beta).toBeCloseTo(-0.5, 12);
    expect(predictedAveragePrecision(fit, 100)).toBeCloseTo(0.91, 12);
  });

  it('estimates the additional positives needed for a target AP, clamped to [1, 1000]', () => {
    const fit = fitLearningCurve(points);
    // n* for AP 0.75 = 0.26^−2 ≈ 14.8; for AP 0.9 = 0.11^−2 ≈ 82.6.
    expect(additionalExamplesNeeded(fit, 4, 0.75)).toBe(11);
    expect(additionalExamplesNeeded(fit, 16, 0.75)).toBe(1);
    expect(additionalExamplesNeeded(fit, 16, 0.9)).toBe(67);
    expect(additionalExamplesNeeded(fit, 16, 1.005)).toBe(1000);
  });

  it('needs three distinct counts and an improving trend', () => {
    expect(fitLearningCurve(points.slice(0, 2))).toBeNull();
    expect(
      fitLearningCurve([...points.slice(0, 2), { reviewedPositives: 16, averagePrecision: 0.2 }]),
    ).toBeNull();
    const flat = fitLearningCurve(
      [4, 16, 64].map((n) => ({ reviewedPositives: n, averagePrecision: 0.5 })),
    );
    expect(additionalExamplesNeeded(flat, 64, 0.75)).toBeNull();
  });
});
