import { describe, expect, it } from 'vitest';

import { balancedClassWeights, classWeightShift, sigmoid, softplus } from './logistic.js';

describe('logistic helpers', () => {
  it('compute σ and log(1 + e^z) stably', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
  });

  it('balance class weights so both classes weigh N/2 (ml.md §3.2)', () => {
    const weights = balancedClassWeights(10, 90);
    expect(weights).toEqual({ positive: 5, negative: 100 / 180 });
    expect(10 * weights.positive + 90 * weights.negative).toBeCloseTo(100, 12);
    expect(classWeightShift(10, 90)).toBeCloseTo(Math.log(9), 15);
  });
});
