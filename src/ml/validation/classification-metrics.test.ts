import { describe, expect, it } from 'vitest';

import { accuracy, classMetrics, confusionMatrix, macroF1 } from './classification-metrics.js';

describe('classification metrics', () => {
  // Gold/predicted pairs of a 3-class problem:
  //            predicted 0  1  2
  //   gold 0            3  1  0
  //   gold 1            1  2  1
  //   gold 2            0  0  2
  const gold = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
  const predicted = [0, 0, 0, 1, 0, 1, 1, 2, 2, 2];
  const matrix = confusionMatrix(gold, predicted, 3);

  it('counts the confusion matrix', () => {
    expect(Array.from(matrix.counts)).toEqual([3, 1, 0, 1, 2, 1, 0, 0, 2]);
  });

  it('computes per-class precision, recall and F1 by hand', () => {
    const [a, b, c] = classMetrics(matrix);
    expect(a).toMatchObject({ precision: 3 / 4, recall: 3 / 4, support: 4 });
    expect(a?.f1).toBeCloseTo(0.75, 12);
    expect(b).toMatchObject({ precision: 2 / 3, recall: 2 / 4 });
    expect(b?.f1).toBeCloseTo(4 / 7, 12);
    expect(c).toMatchObject({ precision: 2 / 3, recall: 1 });
    expect(c?.f1).toBeCloseTo(0.8, 12);
  });

  it('averages F1 over classes and computes accuracy', () => {
    expect(macroF1(matrix)).toBeCloseTo((0.75 + 4 / 7 + 0.8) / 3, 12);
    expect(accuracy(matrix)).toBe(0.7);
  });

  it('counts a predicted class without support as F1 0, like scikit-learn', () => {
    const skewed = confusionMatrix([0, 0], [0, 1], 3);
    expect(macroF1(skewed)).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });
});
