// ml.md §2.1 sparse vectors: ascending, unique indices with parallel values.

/** A sparse vector: `indices` strictly ascending, `values` parallel. */
export type SparseVector = { readonly indices: Int32Array; readonly values: Float32Array };

/** The sparse vector with no non-zero entries. */
export function emptySparseVector(): SparseVector {
  return { indices: new Int32Array(0), values: new Float32Array(0) };
}

/** Euclidean norm of a sparse or dense vector, accumulated in Float64. */
export function vectorNorm(values: Float32Array | Float64Array): number {
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index]!;
    sum += value * value;
  }
  return Math.sqrt(sum);
}

/** Scales `values` in place to unit L2 norm; an all-zero vector stays zero. */
export function normalizeInPlace<T extends Float32Array | Float64Array>(values: T): T {
  const norm = vectorNorm(values);
  if (norm > 0) {
    for (let index = 0; index < values.length; index += 1) {
      values[index] = values[index]! / norm;
    }
  }
  return values;
}

/** Dot product of two dense vectors of equal length, accumulated in Float64. */
export function denseDot(
  left: Float32Array | Float64Array,
  right: Float32Array | Float64Array,
): number {
  let sum = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    sum += left[index]! * right[index]!;
  }
  return sum;
}

/** Dot product of two sparse vectors (merge over their ascending indices). */
export function sparseDot(left: SparseVector, right: SparseVector): number {
  let sum = 0;
  let a = 0;
  let b = 0;
  while (a < left.indices.length && b < right.indices.length) {
    const indexA = left.indices[a]!;
    const indexB = right.indices[b]!;
    if (indexA === indexB) {
      sum += left.values[a]! * right.values[b]!;
      a += 1;
      b += 1;
    } else if (indexA < indexB) {
      a += 1;
    } else {
      b += 1;
    }
  }
  return sum;
}
