import { describe, expect, it } from 'vitest';

import { mapWarmStart } from './warm-start.js';

describe('mapWarmStart', () => {
  it('maps weights by bucket, zero for new buckets, dense 1:1, labels by name', () => {
    const starts = mapWarmStart({
      previous: {
        formatVersion: 1,
        kind: 'ovr-logreg',
        params: {
          labels: ['A', 'B', 'C'],
          hasModel: [true, false, true],
          sparseDimensions: 3,
          denseDimensions: 1,
          weights: Float32Array.of(1, 2, 3, 9, 4, 5, 6, 8),
          intercepts: Float64Array.of(0.5, -0.5),
          shifts: Float64Array.of(0, 0),
        },
      },
      previousVocabulary: Int32Array.of(10, 20, 30),
      nextVocabulary: Int32Array.of(5, 20, 30, 40),
      labels: ['A', 'B', 'C', 'D'],
    });
    expect(Array.from(starts[0]!.weights)).toEqual([0, 2, 3, 0, 9]);
    expect(starts[0]!.intercept).toBe(0.5);
    expect(starts[1]).toBeNull();
    expect(Array.from(starts[2]!.weights)).toEqual([0, 5, 6, 0, 8]);
    expect(starts[3]).toBeNull();
  });
});
