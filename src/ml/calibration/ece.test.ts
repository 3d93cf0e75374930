import { describe, expect, it } from 'vitest';

import { ReliabilityAccumulator, expectedCalibrationError } from './ece.js';

describe('expected calibration error', () => {
  // Three occupied bins of 15: 0.1 → bin 1, 0.5 → bin 7, 0.9 → bin 13.
  const probabilities = [0.1, 0.1, 0.5, 0.5, 0.9, 0.9];
  const outcomes = [0, 0, 1, 0, 1, 1];

  it('matches the hand-computed 3-bin case', () => {
    // (2/6)·|0 − 0.1| + (2/6)·|0.5 − 0.5| + (2/6)·|1 − 0.9| = 0.0667
    expect(expectedCalibrationError(probabilities, outcomes)).toBeCloseTo(0.2 / 3, 12);
  });

  it('reports the Brier score and a 15-bin reliability table', () => {
    const accumulator = new ReliabilityAccumulator();
    probabilities.forEach((probability, index) => accumulator.add(probability, outcomes[index]!));
    accumulator.add(Number.NaN, 1);
    expect(accumulator.brier()).toBeCloseTo(0.54 / 6, 12);
    const table = accumulator.table();
    expect(table).toHaveLength(15);
    expect(table[7]).toEqual({ count: 2, meanProbability: 0.5, observedRate: 0.5 });
    expect(table[0]).toEqual({ count: 0, meanProbability: null, observedRate: null });
  });

  it('puts probability 1 in the last bin', () => {
    const accumulator = new ReliabilityAccumulator();
    accumulator.add(1, 1);
    expect(accumulator.table()[14]?.count).toBe(1);
    expect(accumulator.ece()).toBe(0);
  });
});
