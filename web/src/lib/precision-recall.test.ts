import { describe, expect, it } from 'vitest';

import { precisionRecallAt } from './precision-recall';

// Thresholds descend; recall never decreases as the threshold drops.
const curve = {
  thresholds: [0.9, 0.7, 0.5, 0.2],
  precisions: [1, 0.8, 0.6, 0.4],
  recalls: [0.25, 0.5, 0.75, 1],
};

describe('precisionRecallAt', () => {
  it('uses the lowest curve threshold still at or above the chosen one', () => {
    expect(precisionRecallAt(curve, 0.6)).toEqual({ threshold: 0.6, precision: 0.8, recall: 0.5 });
    expect(precisionRecallAt(curve, 0.5)).toEqual({ threshold: 0.5, precision: 0.6, recall: 0.75 });
  });

  it('predicts everything below the lowest threshold', () => {
    expect(precisionRecallAt(curve, 0)).toEqual({ threshold: 0, precision: 0.4, recall: 1 });
  });

  it('predicts nothing above the highest threshold: recall 0 and no precision', () => {
    expect(precisionRecallAt(curve, 0.95)).toEqual({ threshold: 0.95, precision: null, recall: 0 });
  });

  it('handles a label with no curve', () => {
    expect(precisionRecallAt({ thresholds: [], precisions: [], recalls: [] }, 0.5).recall).toBe(0);
  });
});
