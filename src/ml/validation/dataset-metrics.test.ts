import { describe, expect, it } from 'vitest';

import { cooccurrenceCounts, datasetPrecisionMetrics, RECALL_GRID } from './dataset-metrics.js';
import { precisionRecallCurve } from './pr-curve.js';

describe('datasetPrecisionMetrics', () => {
  const strong = precisionRecallCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]);
  const perfect = precisionRecallCurve([0.9, 0.1], [1, 0]);
  const metrics = datasetPrecisionMetrics([
    { averagePrecision: 5 / 6, reviewedPositives: 30, trainPositives: 24, curve: strong },
    { averagePrecision: 1, reviewedPositives: 10, trainPositives: 8, curve: perfect },
    { averagePrecision: null, reviewedPositives: 0, trainPositives: 0, curve: null },
  ]);

  it('computes mean, safe and frequency-weighted MAP (ml.md §5.4)', () => {
    expect(metrics.meanAp).toBeCloseTo((5 / 6 + 1) / 2, 12);
    expect(metrics.meanAveragePrecisionSafe).toBeCloseTo(5 / 6, 12);
    expect(metrics.weightedMap).toBeCloseTo((30 * (5 / 6) + 10) / 40, 12);
  });

  it('builds the 21-point mean precision curve over safe labels', () => {
    expect(RECALL_GRID).toHaveLength(21);
    expect(RECALL_GRID[3]).toBe(0.15);
    expect(metrics.meanPrecisionCurveSafe[0]).toBe(1);
    expect(metrics.meanPrecisionCurveSafe[10]).toBe(1);
    expect(metrics.meanPrecisionCurveSafe[11]).toBeCloseTo(2 / 3, 12);
  });

  it('returns null safe MAP when no label meets the threshold', () => {
    const none = datasetPrecisionMetrics([
      { averagePrecision: 1, reviewedPositives: 3, trainPositives: 3, curve: perfect },
    ]);
    expect(none.meanAveragePrecisionSafe).toBeNull();
    expect(none.meanPrecisionCurveSafe.every((value) => value === 0)).toBe(true);
  });
});

describe('cooccurrenceCounts', () => {
  it('counts comments positive for both labels', () => {
    // Two labels × three comments: A on 0 and 1, B on 1 and 2.
    const counts = cooccurrenceCounts(Uint8Array.of(1, 1, 0, 0, 1, 1), 2, 3);
    expect(Array.from(counts)).toEqual([2, 1, 1, 2]);
  });
});
