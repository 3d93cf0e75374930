import { describe, expect, it } from 'vitest';

import { buildFeatureMatrix, channelWeights, selectRows } from './combine-channels.js';

const sparse = (indices: number[], values: number[]) => ({
  indices: Int32Array.from(indices),
  values: Float32Array.from(values),
});

describe('buildFeatureMatrix', () => {
  it('weights both channels by 1/√2 so a row with both parts has unit norm', () => {
    const dense = Float32Array.from([0.6, 0.8]);
    const matrix = buildFeatureMatrix({
      sparse: [sparse([1, 3], [0.6, 0.8]), sparse([], [])],
      sparseDimensions: 4,
      dense: [dense, null],
      denseDimensions: 2,
    });
    expect(Array.from(matrix.rowOffsets)).toEqual([0, 2, 2]);
    expect(Array.from(matrix.columns)).toEqual([1, 3]);
    let squares = 0;
    for (const value of [...matrix.values, ...matrix.dense.subarray(0, 2)]) {
      squares += value * value;
    }
    expect(squares).toBeCloseTo(1, 6);
    // A dense_empty row contributes zeros.
    expect(Array.from(matrix.dense.subarray(2))).toEqual([0, 0]);
  });

  it('uses the sparse channel alone without a dense channel', () => {
    expect(channelWeights(false)).toEqual({ sparse: 1, dense: 0 });
    const matrix = buildFeatureMatrix({ sparse: [sparse([0], [1])], sparseDimensions: 1 });
    expect(matrix.denseDimensions).toBe(0);
    expect(matrix.values[0]).toBe(1);
  });

  it('weights three channels by 1/√3 each when the dense block concatenates two encoders', () => {
    const matrix = buildFeatureMatrix({
      sparse: [sparse([0], [1])],
      sparseDimensions: 1,
      // A 2-d unit vector from one encoder, then a 3-d unit vector from the other.
      dense: [Float32Array.from([0.6, 0.8, 0, 1, 0])],
      denseDimensions: 5,
      denseChannels: 2,
    });
    expect(channelWeights(true, 2).sparse).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(matrix.values[0]).toBeCloseTo(1 / Math.sqrt(3), 6);
    let squares = matrix.values[0]! ** 2;
    for (const value of matrix.dense) {
      squares += value * value;
    }
    expect(squares).toBeCloseTo(1, 6);
    expect(() => channelWeights(true, 0)).toThrow(RangeError);
  });

  it('rejects indices outside the vocabulary', () => {
    expect(() => buildFeatureMatrix({ sparse: [sparse([5], [1])], sparseDimensions: 4 })).toThrow(
      RangeError,
    );
  });
});

describe('selectRows', () => {
  it('copies the chosen rows in order', () => {
    const matrix = buildFeatureMatrix({
      sparse: [sparse([0], [1]), sparse([1, 2], [0.6, 0.8]), sparse([3], [1])],
      sparseDimensions: 4,
      dense: [Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(1, 1)],
      denseDimensions: 2,
    });
    const picked = selectRows(matrix, [2, 0]);
    expect(picked.rows).toBe(2);
    expect(Array.from(picked.columns)).toEqual([3, 0]);
    expect(Array.from(picked.rowOffsets)).toEqual([0, 1, 2]);
    expect(Array.from(picked.dense)).toEqual([
      matrix.dense[4],
      matrix.dense[5],
      matrix.dense[0],
      matrix.dense[1],
    ]);
  });
});
