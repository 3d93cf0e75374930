import { describe, expect, it } from 'vitest';

import { denseDot, normalizeInPlace, sparseDot, vectorNorm } from './sparse-vector.js';

describe('vector helpers', () => {
  it('normalise to unit length and leave zero vectors alone', () => {
    expect(Array.from(normalizeInPlace(Float64Array.of(3, 4)))).toEqual([0.6, 0.8]);
    expect(Array.from(normalizeInPlace(new Float32Array(2)))).toEqual([0, 0]);
    expect(vectorNorm(Float32Array.of(3, 4))).toBe(5);
  });

  it('compute dense and sparse dot products', () => {
    expect(denseDot(Float32Array.of(1, 2, 3), Float64Array.of(4, 5, 6))).toBe(32);
    const left = { indices: Int32Array.of(1, 4, 9), values: Float32Array.of(1, 2, 3) };
    const right = { indices: Int32Array.of(0, 4, 9, 12), values: Float32Array.of(5, 6, 7, 8) };
    expect(sparseDot(left, right)).toBe(2 * 6 + 3 * 7);
  });
});
