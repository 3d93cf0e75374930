import type { SparseVector } from '../sparse-vector.js';

// ml.md §2.4: a comment's feature vector is [w_s · x_s ; w_d · x_d] with w_s = w_d = 1/√2 when the
// feature spec has a dense channel, and x = x_s without one. With several dense channels (ml.md §10.7
// lever 7: USE-lite and MiniLM) every channel, sparse included, gets 1/√(1 + n_dense), so ‖x‖ stays 1;
// the dense block is then the concatenation of the channels' unit vectors. Rows are stored as one matrix with a CSR
// sparse block and a row-major dense block, the layout the classifier's kernels read (ml.md §3.4).

/** Design matrix of a set of comments (rows in ascending uid order). */
export type FeatureMatrix = {
  readonly rows: number;
  /** Compact vocabulary size `d_s`. */
  readonly sparseDimensions: number;
  /** Dense block width (512 for USE-lite; the sum of the widths with several channels), 0 without one. */
  readonly denseDimensions: number;
  /** CSR row offsets, length `rows + 1`. */
  readonly rowOffsets: Int32Array;
  /** CSR column indices (ascending within a row), below `sparseDimensions`. */
  readonly columns: Int32Array;
  /** CSR values, already multiplied by `w_s`. */
  readonly values: Float32Array;
  /** `rows × denseDimensions`, row-major, already multiplied by `w_d`. */
  readonly dense: Float32Array;
};

/**
 * Channel weights of ml.md §2.4 for a feature spec with or without dense channels: equal weights
 * `1/√(1 + denseChannels)` for every channel (1/√2 each with one dense channel).
 */
export function channelWeights(
  hasDense: boolean,
  denseChannels = 1,
): { sparse: number; dense: number } {
  if (!hasDense) {
    return { sparse: 1, dense: 0 };
  }
  if (!Number.isInteger(denseChannels) || denseChannels < 1) {
    throw new RangeError('denseChannels must be a positive integer');
  }
  const weight = 1 / Math.sqrt(1 + denseChannels);
  return { sparse: weight, dense: weight };
}

/**
 * Builds the feature matrix of ml.md §2.4; a `null` dense vector (`dense_empty`) contributes zeros.
 * With `denseChannels > 1` each dense vector is the concatenation of that many unit vectors.
 */
export function buildFeatureMatrix(input: {
  readonly sparse: readonly SparseVector[];
  readonly sparseDimensions: number;
  readonly dense?: readonly (Float32Array | null)[] | undefined;
  readonly denseDimensions?: number | undefined;
  /** How many dense channels the dense vectors concatenate. @default 1 */
  readonly denseChannels?: number | undefined;
}): FeatureMatrix {
  const rows = input.sparse.length;
  const denseDimensions = input.dense === undefined ? 0 : (input.denseDimensions ?? 512);
  if (input.dense !== undefined && input.dense.length !== rows) {
    throw new RangeError('dense vectors must be parallel to sparse vectors');
  }
  const weights = channelWeights(denseDimensions > 0, input.denseChannels ?? 1);
  const rowOffsets = new Int32Array(rows + 1);
  for (let row = 0; row < rows; row += 1) {
    rowOffsets[row + 1] = rowOffsets[row]! + input.sparse[row]!.indices.length;
  }
  const nonZeros = rowOffsets[rows]!;
  const columns = new Int32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  for (let row = 0; row < rows; row += 1) {
    const vector = input.sparse[row]!;
    const offset = rowOffsets[row]!;
    for (let index = 0; index < vector.indices.length; index += 1) {
      const column = vector.indices[index]!;
      if (column < 0 || column >= input.sparseDimensions) {
        throw new RangeError(`sparse index ${column} outside [0, ${input.sparseDimensions})`);
      }
      columns[offset + index] = column;
      values[offset + index] = vector.values[index]! * weights.sparse;
    }
  }
  const dense = new Float32Array(rows * denseDimensions);
  if (input.dense !== undefined) {
    for (let row = 0; row < rows; row += 1) {
      const vector = input.dense[row];
      if (vector === null || vector === undefined) {
        continue;
      }
      if (vector.length !== denseDimensions) {
        throw new RangeError(
          `dense vector of length ${vector.length}, expected ${denseDimensions}`,
        );
      }
      const offset = row * denseDimensions;
      for (let dimension = 0; dimension < denseDimensions; dimension += 1) {
        dense[offset + dimension] = vector[dimension]! * weights.dense;
      }
    }
  }
  return {
    rows,
    sparseDimensions: input.sparseDimensions,
    denseDimensions,
    rowOffsets,
    columns,
    values,
    dense,
  };
}

/** The sub-matrix of the given rows, in the given order (e.g. the training split of ml.md §5.1). */
export function selectRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const count = rows.length;
  const rowOffsets = new Int32Array(count + 1);
  for (let index = 0; index < count; index += 1) {
    const row = rows[index]!;
    rowOffsets[index + 1] =
      rowOffsets[index]! + matrix.rowOffsets[row + 1]! - matrix.rowOffsets[row]!;
  }
  const columns = new Int32Array(rowOffsets[count]!);
  const values = new Float32Array(rowOffsets[count]!);
  const width = matrix.denseDimensions;
  const dense = new Float32Array(count * width);
  for (let index = 0; index < count; index += 1) {
    const row = rows[index]!;
    const start = matrix.rowOffsets[row]!;
    const end = matrix.rowOffsets[row + 1]!;
    const target = rowOffsets[index]!;
    columns.set(matrix.columns.subarray(start, end), target);
    values.set(matrix.values.subarray(start, end), target);
    dense.set(matrix.dense.subarray(row * width, (row + 1) * width), index * width);
  }
  return { ...matrix, rows: count, rowOffsets, columns, values, dense };
}
