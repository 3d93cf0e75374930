import { describe, expect, it } from 'vitest';

import { LbfgsMemory } from './lbfgs.js';
import { javascriptVectorOps } from './vector-ops.js';

function memoryOf(dimension: number, size = 10): LbfgsMemory {
  const vectors = (): Float32Array[] =>
    Array.from({ length: size }, () => new Float32Array(dimension));
  return new LbfgsMemory(dimension, javascriptVectorOps, vectors(), vectors());
}

describe('LbfgsMemory', () => {
  it('returns −gradient with an empty memory', () => {
    const memory = memoryOf(3);
    const out = new Float64Array(3);
    memory.direction(Float64Array.of(1, -2, 3), out);
    expect(Array.from(out)).toEqual([-1, 2, -3]);
  });

  it('recovers the Newton step of a quadratic once its curvature is in memory', () => {
    // f(x) = ½ xᵀ diag(2, 8) x: pairs along both axes give H⁻¹ exactly.
    const memory = memoryOf(2);
    expect(
      memory.push(1, Float64Array.of(1, 0), Float64Array.of(2, 0), Float64Array.of(0, 0)),
    ).toBe(true);
    expect(
      memory.push(0.5, Float64Array.of(0, 1), Float64Array.of(1, 4), Float64Array.of(1, 0)),
    ).toBe(true);
    const out = new Float64Array(2);
    memory.direction(Float64Array.of(4, 8), out);
    expect(out[0]).toBeCloseTo(-2, 6);
    expect(out[1]).toBeCloseTo(-1, 6);
  });

  it('rejects pairs without positive curvature and forgets on reset', () => {
    const memory = memoryOf(2);
    expect(
      memory.push(1, Float64Array.of(1, 0), Float64Array.of(-1, 0), Float64Array.of(0, 0)),
    ).toBe(false);
    expect(memory.length).toBe(0);
    memory.push(1, Float64Array.of(1, 0), Float64Array.of(1, 0), Float64Array.of(0, 0));
    memory.reset();
    expect(memory.length).toBe(0);
  });

  it('keeps at most m pairs', () => {
    const memory = memoryOf(1, 3);
    for (let pair = 1; pair <= 5; pair += 1) {
      memory.push(1, Float64Array.of(1), Float64Array.of(pair), Float64Array.of(0));
    }
    expect(memory.length).toBe(3);
    const out = new Float64Array(1);
    memory.direction(Float64Array.of(5), out);
    // All pairs are 1-D; the newest (y = 5) defines the inverse curvature 1/5.
    expect(out[0]).toBeCloseTo(-1, 6);
  });
});
