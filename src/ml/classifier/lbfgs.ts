import type { VectorOps } from './vector-ops.js';

// ml.md §3.4: limited-memory BFGS with history m = 10 — the memory of (s, y) pairs and the two-loop
// recursion that turns a gradient into a search direction. The line search lives with the objective
// (one-vs-rest.ts), where trial points are cheap because X·p is computed once per iteration.
//
// Pairs are stored as Float32 (ml.md §0.2: stored vectors are Float32, sums Float64): the two-loop
// streams 2m vectors twice per iteration and is memory-bound, so halving them halves its cost. The
// curvature ρ is computed from the stored values, so the implicit inverse Hessian stays consistent.

/** History length `m` of ml.md §3.4. */
export const LBFGS_HISTORY = 10;

/** The (s, y) history of one L-BFGS run, in caller-provided storage of `m` vectors each. */
export class LbfgsMemory {
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  private readonly size: number;
  private count = 0;
  private next = 0;

  constructor(
    private readonly dimension: number,
    private readonly ops: VectorOps,
    private readonly steps: readonly Float32Array[],
    private readonly changes: readonly Float32Array[],
  ) {
    this.size = steps.length;
    if (changes.length !== this.size || this.size === 0) {
      throw new RangeError('L-BFGS storage needs m ≥ 1 step and change vectors');
    }
    this.rho = new Float64Array(this.size);
    this.alpha = new Float64Array(this.size);
  }

  /** Number of stored pairs. */
  get length(): number {
    return this.count;
  }

  /** Forgets every pair (after a failed line search, ml.md §3.4). */
  reset(): void {
    this.count = 0;
    this.next = 0;
  }

  /**
   * Stores the pair `s = t·direction`, `y = gradient − previousGradient` when its curvature `sᵀy` is
   * positive; returns whether it did. Slots are reused round-robin.
   */
  push(
    t: number,
    direction: Float64Array,
    gradient: Float64Array,
    previousGradient: Float64Array,
  ): boolean {
    const step = this.steps[this.next]!;
    const change = this.changes[this.next]!;
    this.ops.storePair(t, direction, gradient, previousGradient, step, change, this.dimension);
    const curvature = this.ops.dotSingle(step, change, this.dimension);
    const changeSquared = this.ops.dotSingle(change, change, this.dimension);
    // sᵀy ≤ 0 can only come from rounding on a strictly convex objective; such a pair would break the
    // positive definiteness of the implicit inverse Hessian, so it is not kept.
    if (!(curvature > 1e-12 * changeSquared) || changeSquared === 0) {
      return false;
    }
    this.rho[this.next] = 1 / curvature;
    this.next = (this.next + 1) % this.size;
    this.count = Math.min(this.count + 1, this.size);
    return true;
  }

  /** Two-loop recursion: writes `−H·gradient` into `out` (`−gradient` when the memory is empty). */
  direction(gradient: Float64Array, out: Float64Array): void {
    const { dimension, ops } = this;
    out.set(gradient.subarray(0, dimension));
    const oldest = (this.next - this.count + this.size) % this.size;
    for (let offset = this.count - 1; offset >= 0; offset -= 1) {
      const slot = (oldest + offset) % this.size;
      const alpha = this.rho[slot]! * ops.dotMixed(this.steps[slot]!, out, dimension);
      this.alpha[slot] = alpha;
      ops.axpyMixed(-alpha, this.changes[slot]!, out, dimension);
    }
    if (this.count > 0) {
      // Initial inverse Hessian γ·I with γ = sᵀy / yᵀy of the newest pair.
      const newest = (this.next - 1 + this.size) % this.size;
      const change = this.changes[newest]!;
      const gamma = 1 / (this.rho[newest]! * ops.dotSingle(change, change, dimension));
      for (let index = 0; index < dimension; index += 1) {
        out[index] = out[index]! * gamma;
      }
    }
    for (let offset = 0; offset < this.count; offset += 1) {
      const slot = (oldest + offset) % this.size;
      const beta = this.rho[slot]! * ops.dotMixed(this.changes[slot]!, out, dimension);
      ops.axpyMixed(this.alpha[slot]! - beta, this.steps[slot]!, out, dimension);
    }
    for (let index = 0; index < dimension; index += 1) {
      out[index] = -out[index]!;
    }
  }
}
