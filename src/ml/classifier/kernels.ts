// ml.md §3.4 implementation guidance: one pass over the rows serves every label of a batch. These are the
// products X·W and Xᵀ·R for the CSR sparse block and the row-major dense block.
//
// Determinism (ml.md §3.7): every output entry is one sequential Float64 sum in a fixed order (sparse
// non-zeros in CSR order; dense columns ascending; rows ascending for Xᵀ·R). Blocking only interleaves
// independent sums, so a label's result never depends on which other labels share its batch — the
// worker may split labels across threads and get the same bytes.

// Sparse weights use a "grouped" layout: labels in groups of 4, each group stored column-interleaved
// (`column·4 + j`), the trailing `labels mod 4` labels one contiguous block each. A group's block (4 × d
// doubles) stays in L2 while the CSR rows stream past, about twice as fast as one label at a time.

const GROUP = 4;

/** Writes per-label vectors (entries `offset … offset + width − 1`) into the grouped sparse layout. */
export function packGrouped(
  vectors: readonly Float64Array[],
  offset: number,
  width: number,
  out: Float64Array,
): void {
  const labels = vectors.length;
  const grouped = labels - (labels % GROUP);
  for (let label = 0; label < grouped; label += GROUP) {
    const base = label * width;
    const v0 = vectors[label]!;
    const v1 = vectors[label + 1]!;
    const v2 = vectors[label + 2]!;
    const v3 = vectors[label + 3]!;
    for (let column = 0; column < width; column += 1) {
      const at = base + column * GROUP;
      out[at] = v0[offset + column]!;
      out[at + 1] = v1[offset + column]!;
      out[at + 2] = v2[offset + column]!;
      out[at + 3] = v3[offset + column]!;
    }
  }
  for (let label = grouped; label < labels; label += 1) {
    const base = label * width;
    const vector = vectors[label]!;
    for (let column = 0; column < width; column += 1) {
      out[base + column] = vector[offset + column]!;
    }
  }
}

/** Reads the grouped sparse layout back into per-label vectors (inverse of {@link packGrouped}). */
export function unpackGrouped(
  grouped: Float64Array,
  width: number,
  vectors: readonly Float64Array[],
  offset: number,
): void {
  const labels = vectors.length;
  const full = labels - (labels % GROUP);
  for (let label = 0; label < full; label += GROUP) {
    const base = label * width;
    const v0 = vectors[label]!;
    const v1 = vectors[label + 1]!;
    const v2 = vectors[label + 2]!;
    const v3 = vectors[label + 3]!;
    for (let column = 0; column < width; column += 1) {
      const at = base + column * GROUP;
      v0[offset + column] = grouped[at]!;
      v1[offset + column] = grouped[at + 1]!;
      v2[offset + column] = grouped[at + 2]!;
      v3[offset + column] = grouped[at + 3]!;
    }
  }
  for (let label = full; label < labels; label += 1) {
    const base = label * width;
    const vector = vectors[label]!;
    for (let column = 0; column < width; column += 1) {
      vector[offset + column] = grouped[base + column]!;
    }
  }
}

/**
 * {@link unpackGrouped} fused with the regularisation term: `gradient_l[c] = grouped_l[c] + λ·θ_l[c]`, and
 * `maxima[l]` receives the largest `|gradient_l[c]|` (one pass instead of three).
 */
export function unpackGroupedRegularized(
  grouped: Float64Array,
  width: number,
  gradients: readonly Float64Array[],
  thetas: readonly Float64Array[],
  lambda: number,
  maxima: Float64Array,
): void {
  const labels = gradients.length;
  const full = labels - (labels % GROUP);
  for (let label = 0; label < full; label += GROUP) {
    const base = label * width;
    const g0 = gradients[label]!;
    const g1 = gradients[label + 1]!;
    const g2 = gradients[label + 2]!;
    const g3 = gradients[label + 3]!;
    const t0 = thetas[label]!;
    const t1 = thetas[label + 1]!;
    const t2 = thetas[label + 2]!;
    const t3 = thetas[label + 3]!;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let column = 0; column < width; column += 1) {
      const at = base + column * GROUP;
      const v0 = grouped[at]! + lambda * t0[column]!;
      const v1 = grouped[at + 1]! + lambda * t1[column]!;
      const v2 = grouped[at + 2]! + lambda * t2[column]!;
      const v3 = grouped[at + 3]! + lambda * t3[column]!;
      g0[column] = v0;
      g1[column] = v1;
      g2[column] = v2;
      g3[column] = v3;
      m0 = Math.max(m0, Math.abs(v0));
      m1 = Math.max(m1, Math.abs(v1));
      m2 = Math.max(m2, Math.abs(v2));
      m3 = Math.max(m3, Math.abs(v3));
    }
    maxima[label] = m0;
    maxima[label + 1] = m1;
    maxima[label + 2] = m2;
    maxima[label + 3] = m3;
  }
  for (let label = full; label < labels; label += 1) {
    const base = label * width;
    const gradient = gradients[label]!;
    const theta = thetas[label]!;
    let max = 0;
    for (let column = 0; column < width; column += 1) {
      const value = grouped[base + column]! + lambda * theta[column]!;
      gradient[column] = value;
      max = Math.max(max, Math.abs(value));
    }
    maxima[label] = max;
  }
}

/**
 * Sparse forward: `out[l·rows + i] = Σ_nz value · w_l[column]` with weights in the grouped layout of
 * `width` columns. CSR columns equal to −1 are skipped.
 */
export function sparseForward(
  rowOffsets: Int32Array,
  columns: Int32Array,
  values: Float32Array,
  rows: number,
  weights: Float64Array,
  width: number,
  labels: number,
  out: Float64Array,
): void {
  const grouped = labels - (labels % GROUP);
  for (let label = 0; label < grouped; label += GROUP) {
    const base = label * width;
    const o0 = label * rows;
    const o1 = o0 + rows;
    const o2 = o1 + rows;
    const o3 = o2 + rows;
    for (let row = 0; row < rows; row += 1) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      const end = rowOffsets[row + 1]!;
      for (let entry = rowOffsets[row]!; entry < end; entry += 1) {
        const column = columns[entry]!;
        if (column < 0) {
          continue;
        }
        const value = values[entry]!;
        const at = base + column * GROUP;
        s0 += value * weights[at]!;
        s1 += value * weights[at + 1]!;
        s2 += value * weights[at + 2]!;
        s3 += value * weights[at + 3]!;
      }
      out[o0 + row] = s0;
      out[o1 + row] = s1;
      out[o2 + row] = s2;
      out[o3 + row] = s3;
    }
  }
  for (let label = grouped; label < labels; label += 1) {
    const base = label * width;
    const o0 = label * rows;
    for (let row = 0; row < rows; row += 1) {
      let sum = 0;
      const end = rowOffsets[row + 1]!;
      for (let entry = rowOffsets[row]!; entry < end; entry += 1) {
        const column = columns[entry]!;
        if (column >= 0) {
          sum += values[entry]! * weights[base + column]!;
        }
      }
      out[o0 + row] = sum;
    }
  }
}

/**
 * Sparse backward: `gradient_l[column] += Σ_i value · residuals[l·rows + i]` (rows ascending), gradient in
 * the grouped layout. CSR columns equal to −1 are skipped.
 */
export function sparseBackward(
  rowOffsets: Int32Array,
  columns: Int32Array,
  values: Float32Array,
  rows: number,
  residuals: Float64Array,
  labels: number,
  gradient: Float64Array,
  width: number,
): void {
  const grouped = labels - (labels % GROUP);
  for (let label = 0; label < grouped; label += GROUP) {
    const base = label * width;
    const r0 = label * rows;
    const r1 = r0 + rows;
    const r2 = r1 + rows;
    const r3 = r2 + rows;
    for (let row = 0; row < rows; row += 1) {
      const a0 = residuals[r0 + row]!;
      const a1 = residuals[r1 + row]!;
      const a2 = residuals[r2 + row]!;
      const a3 = residuals[r3 + row]!;
      const end = rowOffsets[row + 1]!;
      for (let entry = rowOffsets[row]!; entry < end; entry += 1) {
        const column = columns[entry]!;
        if (column < 0) {
          continue;
        }
        const value = values[entry]!;
        const at = base + column * GROUP;
        gradient[at] = gradient[at]! + value * a0;
        gradient[at + 1] = gradient[at + 1]! + value * a1;
        gradient[at + 2] = gradient[at + 2]! + value * a2;
        gradient[at + 3] = gradient[at + 3]! + value * a3;
      }
    }
  }
  for (let label = grouped; label < labels; label += 1) {
    const base = label * width;
    const r0 = label * rows;
    for (let row = 0; row < rows; row += 1) {
      const residual = residuals[r0 + row]!;
      const end = rowOffsets[row + 1]!;
      for (let entry = rowOffsets[row]!; entry < end; entry += 1) {
        const column = columns[entry]!;
        if (column >= 0) {
          const at = base + column;
          gradient[at] = gradient[at]! + values[entry]! * residual;
        }
      }
    }
  }
}

/**
 * Dense forward: `out[l·rows + i] += Σ_k x[i·width + k] · weights[l·stride + offset + k]`, continuing the
 * sum already in `out`. Blocks of 4 rows × 2 labels keep eight independent accumulators in registers.
 */
export function denseForward(
  x: Float32Array,
  rows: number,
  width: number,
  weights: Float64Array,
  stride: number,
  offset: number,
  labels: number,
  out: Float64Array,
): void {
  if (width === 0) {
    return;
  }
  let row = 0;
  for (; row + 4 <= rows; row += 4) {
    const x0 = row * width;
    const x1 = x0 + width;
    const x2 = x1 + width;
    const x3 = x2 + width;
    let label = 0;
    for (; label + 2 <= labels; label += 2) {
      const w0 = label * stride + offset;
      const w1 = w0 + stride;
      const o0 = label * rows + row;
      const o1 = o0 + rows;
      let s00 = out[o0]!;
      let s10 = out[o0 + 1]!;
      let s20 = out[o0 + 2]!;
      let s30 = out[o0 + 3]!;
      let s01 = out[o1]!;
      let s11 = out[o1 + 1]!;
      let s21 = out[o1 + 2]!;
      let s31 = out[o1 + 3]!;
      for (let k = 0; k < width; k += 1) {
        const a = weights[w0 + k]!;
        const b = weights[w1 + k]!;
        let v = x[x0 + k]!;
        s00 += v * a;
        s01 += v * b;
        v = x[x1 + k]!;
        s10 += v * a;
        s11 += v * b;
        v = x[x2 + k]!;
        s20 += v * a;
        s21 += v * b;
        v = x[x3 + k]!;
        s30 += v * a;
        s31 += v * b;
      }
      out[o0] = s00;
      out[o0 + 1] = s10;
      out[o0 + 2] = s20;
      out[o0 + 3] = s30;
      out[o1] = s01;
      out[o1 + 1] = s11;
      out[o1 + 2] = s21;
      out[o1 + 3] = s31;
    }
    for (; label < labels; label += 1) {
      const w0 = label * stride + offset;
      const o0 = label * rows + row;
      let s0 = out[o0]!;
      let s1 = out[o0 + 1]!;
      let s2 = out[o0 + 2]!;
      let s3 = out[o0 + 3]!;
      for (let k = 0; k < width; k += 1) {
        const a = weights[w0 + k]!;
        s0 += x[x0 + k]! * a;
        s1 += x[x1 + k]! * a;
        s2 += x[x2 + k]! * a;
        s3 += x[x3 + k]! * a;
      }
      out[o0] = s0;
      out[o0 + 1] = s1;
      out[o0 + 2] = s2;
      out[o0 + 3] = s3;
    }
  }
  for (; row < rows; row += 1) {
    const x0 = row * width;
    for (let label = 0; label < labels; label += 1) {
      const w0 = label * stride + offset;
      const o0 = label * rows + row;
      let s = out[o0]!;
      for (let k = 0; k < width; k += 1) {
        s += x[x0 + k]! * weights[w0 + k]!;
      }
      out[o0] = s;
    }
  }
}

/**
 * Dense backward: `gradient[l·stride + offset + k] += Σ_i residuals[l·rows + i] · x[i·width + k]`, rows
 * ascending (blocks of 4 rows × 2 labels, each entry still summed row by row in order).
 */
export function denseBackward(
  x: Float32Array,
  rows: number,
  width: number,
  residuals: Float64Array,
  labels: number,
  gradient: Float64Array,
  stride: number,
  offset: number,
): void {
  if (width === 0) {
    return;
  }
  let label = 0;
  for (; label + 2 <= labels; label += 2) {
    const g0 = label * stride + offset;
    const g1 = g0 + stride;
    const r0 = label * rows;
    const r1 = r0 + rows;
    let row = 0;
    for (; row + 4 <= rows; row += 4) {
      const a0 = residuals[r0 + row]!;
      const a1 = residuals[r0 + row + 1]!;
      const a2 = residuals[r0 + row + 2]!;
      const a3 = residuals[r0 + row + 3]!;
      const b0 = residuals[r1 + row]!;
      const b1 = residuals[r1 + row + 1]!;
      const b2 = residuals[r1 + row + 2]!;
      const b3 = residuals[r1 + row + 3]!;
      const x0 = row * width;
      const x1 = x0 + width;
      const x2 = x1 + width;
      const x3 = x2 + width;
      for (let k = 0; k < width; k += 1) {
        const v0 = x[x0 + k]!;
        const v1 = x[x1 + k]!;
        const v2 = x[x2 + k]!;
        const v3 = x[x3 + k]!;
        gradient[g0 + k] = gradient[g0 + k]! + a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
        gradient[g1 + k] = gradient[g1 + k]! + b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
      }
    }
    for (; row < rows; row += 1) {
      const a = residuals[r0 + row]!;
      const b = residuals[r1 + row]!;
      const x0 = row * width;
      for (let k = 0; k < width; k += 1) {
        const v = x[x0 + k]!;
        gradient[g0 + k] = gradient[g0 + k]! + a * v;
        gradient[g1 + k] = gradient[g1 + k]! + b * v;
      }
    }
  }
  for (; label < labels; label += 1) {
    const g0 = label * stride + offset;
    const r0 = label * rows;
    let row = 0;
    for (; row + 4 <= rows; row += 4) {
      const a0 = residuals[r0 + row]!;
      const a1 = residuals[r0 + row + 1]!;
      const a2 = residuals[r0 + row + 2]!;
      const a3 = residuals[r0 + row + 3]!;
      const x0 = row * width;
      const x1 = x0 + width;
      const x2 = x1 + width;
      const x3 = x2 + width;
      for (let k = 0; k < width; k += 1) {
        gradient[g0 + k] =
          gradient[g0 + k]! + a0 * x[x0 + k]! + a1 * x[x1 + k]! + a2 * x[x2 + k]! + a3 * x[x3 + k]!;
      }
    }
    for (; row < rows; row += 1) {
      const a = residuals[r0 + row]!;
      const x0 = row * width;
      for (let k = 0; k < width; k += 1) {
        gradient[g0 + k] = gradient[g0 + k]! + a * x[x0 + k]!;
      }
    }
  }
}
