import { describe, expect, it } from 'vitest';

import { buildFeatureMatrix } from '../embeddings/combine-channels.js';

import { createLinearScorer } from './linear-scorer.js';

describe('createLinearScorer', () => {
  it('computes w·x + b for every label, label-major', () => {
    const features = buildFeatureMatrix({
      sparse: [
        { indices: Int32Array.of(0, 2), values: Float32Array.of(1, 2) },
        { indices: Int32Array.of(1), values: Float32Array.of(1) },
      ],
      sparseDimensions: 3,
      dense: [Float32Array.of(1, 0), Float32Array.of(0, 1)],
      denseDimensions: 2,
    });
    const scorer = createLinearScorer({
      sparseDimensions: 3,
      denseDimensions: 2,
      labelCount: 2,
      // Label 0: sparse (1, 0, 1), dense (2, 0); label 1: sparse (0, 0, 0), dense (0, -1).
      weights: Float32Array.of(1, 0, 1, 2, 0, 0, 0, 0, 0, -1),
      intercepts: Float64Array.of(0.5, -0.5),
    });
    const scores = scorer.score(features);
    const w = Math.SQRT1_2;
    const f = (value: number): number => Math.fround(value * w);
    expect(scores.values[0]).toBeCloseTo(f(1) + f(2) + 2 * f(1) + 0.5, 6);
    expect(scores.values[1]).toBeCloseTo(0.5, 6);
    expect(scores.values[2]).toBeCloseTo(-0.5, 6);
    expect(scores.values[3]).toBeCloseTo(-f(1) - 0.5, 6);
  });

  it('rejects features of another width', () => {
    const scorer = createLinearScorer({
      sparseDimensions: 2,
      denseDimensions: 0,
      labelCount: 1,
      weights: Float32Array.of(1, 1),
      intercepts: Float64Array.of(0),
    });
    const features = buildFeatureMatrix({
      sparse: [{ indices: Int32Array.of(0), values: Float32Array.of(1) }],
      sparseDimensions: 3,
    });
    expect(() => scorer.score(features)).toThrow(RangeError);
  });
});

describe('createLinearScorer on many rows', () => {
  it('scores across chunks exactly like a naive dot product', async () => {
    const { mulberry32 } = await import('../random.js');
    const random = mulberry32(4);
    const rows = 1100;
    const sparse = Array.from({ length: rows }, () => {
      const indices = [...new Set(Array.from({ length: 5 }, () => Math.floor(random() * 50)))].sort(
        (a, b) => a - b,
      );
      return {
        indices: Int32Array.from(indices),
        values: Float32Array.from(indices, () => random()),
      };
    });
    const dense = Array.from({ length: rows }, () =>
      Float32Array.from({ length: 6 }, () => random() - 0.5),
    );
    const features = buildFeatureMatrix({
      sparse,
      sparseDimensions: 50,
      dense,
      denseDimensions: 6,
    });
    const labelCount = 5;
    const weights = Float32Array.from({ length: labelCount * 56 }, (_, index) =>
      index % 7 === 0 ? 0 : random() - 0.5,
    );
    const intercepts = Float64Array.from({ length: labelCount }, () => random());
    const scores = createLinearScorer({
      sparseDimensions: 50,
      denseDimensions: 6,
      labelCount,
      weights,
      intercepts,
    }).score(features);
    for (let label = 0; label < labelCount; label += 1) {
      for (let row = 0; row < rows; row += 1) {
        let expected = 0;
        for (
          let entry = features.rowOffsets[row]!;
          entry < features.rowOffsets[row + 1]!;
          entry += 1
        ) {
          expected += features.values[entry]! * weights[label * 56 + features.columns[entry]!]!;
        }
        for (let k = 0; k < 6; k += 1) {
          expected += features.dense[row * 6 + k]! * weights[label * 56 + 50 + k]!;
        }
        expect(scores.values[label * rows + row]).toBeCloseTo(expected + intercepts[label]!, 12);
      }
    }
  });
});
