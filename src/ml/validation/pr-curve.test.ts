import { describe, expect, it } from 'vitest';

import { interpolatedPrecision, precisionRecallCurve } from './pr-curve.js';

describe('precisionRecallCurve', () => {
  it('has points only at the distinct probabilities of positives, thresholds descending', () => {
    const curve = precisionRecallCurve([0.2, 0.9, 0.4, 0.9, 0.1], [0, 1, 1, 0, 1]);
    expect(curve.thresholds).toEqual([0.9, 0.4, 0.1]);
    expect(curve.truePositives).toEqual([1, 2, 3]);
    expect(curve.falsePositives).toEqual([1, 1, 2]);
    expect(curve.recalls).toEqual([1 / 3, 2 / 3, 1]);
    expect(curve.positives).toBe(3);
  });

  it('is empty without positives', () => {
    const curve = precisionRecallCurve([0.3], [0]);
    expect(curve.thresholds).toEqual([]);
  });
});

describe('interpolatedPrecision', () => {
  it('is the best precision at recall ≥ r, 0 beyond the curve', () => {
    const curve = precisionRecallCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]);
    expect(interpolatedPrecision(curve, 0)).toBe(1);
    expect(interpolatedPrecision(curve, 0.5)).toBe(1);
    expect(interpolatedPrecision(curve, 0.55)).toBeCloseTo(2 / 3, 12);
    expect(interpolatedPrecision(precisionRecallCurve([0.1], [0]), 0.5)).toBe(0);
  });
});
