import type { FeatureMatrix } from '../embeddings/combine-channels.js';
import { FEATURE_BUCKETS } from '../text/hashing.js';

import { packGrouped } from './kernels.js';
import { createKernelArena, transposeInto } from './wasm-kernels.js';

// ml.md §4.4 prediction: raw scores `s_ij = w_j·x_i + b_j` for every modelled label, computed with the
// training kernels. Only sparse columns with a non-zero weight in some label are kept, in the grouped
// layout; rows are scored in chunks that fit the scorer's fixed arena.

/** Linear one-vs-rest weights: label-major rows of `d_s` sparse then `denseDimensions` dense weights. */
export type LinearWeights = {
  readonly sparseDimensions: number;
  readonly denseDimensions: number;
  readonly labelCount: number;
  readonly weights: Float32Array;
  readonly intercepts: Float64Array;
};

/** Raw scores, label-major: `values[label · rows + row]`. */
export type ScoreMatrix = {
  readonly rows: number;
  readonly labels: number;
  readonly values: Float64Array;
};

/** A prepared scorer; holds its own packed copy of the weights. */
export type LinearScorer = {
  readonly labelCount: number;
  score(features: FeatureMatrix): ScoreMatrix;
};

const CHUNK_ROWS = 512;
// A comment has at most 2^18 distinct buckets, so any single row fits a chunk.
const CHUNK_NON_ZEROS = FEATURE_BUCKETS;

/** Packs linear weights for fast scoring (ml.md §10.6 `predict` target). */
export function createLinearScorer(model: LinearWeights): LinearScorer {
  const { sparseDimensions, denseDimensions, labelCount, weights, intercepts } = model;
  const rowWidth = sparseDimensions + denseDimensions;
  if (weights.length !== labelCount * rowWidth || intercepts.length !== labelCount) {
    throw new RangeError('weights or intercepts do not match the label count and dimensions');
  }
  const packedOfColumn = new Int32Array(sparseDimensions).fill(-1);
  let packedCount = 0;
  for (let column = 0; column < sparseDimensions; column += 1) {
    for (let label = 0; label < labelCount; label += 1) {
      if (weights[label * rowWidth + column] !== 0) {
        packedOfColumn[column] = packedCount;
        packedCount += 1;
        break;
      }
    }
  }
  const arena = createKernelArena(
    8 * labelCount * (packedCount + denseDimensions + CHUNK_ROWS) +
      4 * (CHUNK_ROWS + 1 + 2 * CHUNK_NON_ZEROS + 2 * CHUNK_ROWS * denseDimensions) +
      16 * 16,
  );
  const sparse = arena.float64(packedCount * labelCount);
  const perLabel = Array.from({ length: labelCount }, (_, label) => {
    const vector = new Float64Array(packedCount);
    const offset = label * rowWidth;
    for (let column = 0; column < sparseDimensions; column += 1) {
      const packed = packedOfColumn[column]!;
      if (packed >= 0) {
        vector[packed] = weights[offset + column]!;
      }
    }
    return vector;
  });
  packGrouped(perLabel, 0, packedCount, sparse);
  const dense = arena.float64(labelCount * denseDimensions);
  for (let label = 0; label < labelCount; label += 1) {
    for (let k = 0; k < denseDimensions; k += 1) {
      dense[label * denseDimensions + k] = weights[label * rowWidth + sparseDimensions + k]!;
    }
  }
  const chunkOffsets = arena.int32(CHUNK_ROWS + 1);
  const chunkColumns = arena.int32(CHUNK_NON_ZEROS);
  const chunkValues = arena.float32(CHUNK_NON_ZEROS);
  const chunkDense = arena.float32(CHUNK_ROWS * denseDimensions);
  const chunkTransposed = arena.float32(CHUNK_ROWS * denseDimensions);
  const chunkOut = arena.float64(CHUNK_ROWS * labelCount);

  function scoreChunk(
    features: FeatureMatrix,
    start: number,
    end: number,
    result: Float64Array,
  ): void {
    const rows = end - start;
    const base = features.rowOffsets[start]!;
    for (let row = 0; row <= rows; row += 1) {
      chunkOffsets[row] = features.rowOffsets[start + row]! - base;
    }
    const nonZeros = chunkOffsets[rows]!;
    for (let entry = 0; entry < nonZeros; entry += 1) {
      chunkColumns[entry] = packedOfColumn[features.columns[base + entry]!]!;
      chunkValues[entry] = features.values[base + entry]!;
    }
    const denseRows = chunkDense.subarray(0, rows * denseDimensions);
    denseRows.set(features.dense.subarray(start * denseDimensions, end * denseDimensions));
    const transposed = chunkTransposed.subarray(0, rows * denseDimensions);
    transposeInto(denseRows, rows, denseDimensions, transposed);
    const out = chunkOut.subarray(0, rows * labelCount);
    arena.kernels.sparseForward(
      chunkOffsets,
      chunkColumns,
      chunkValues,
      rows,
      sparse,
      packedCount,
      labelCount,
      out,
    );
    arena.kernels.denseForward(
      denseRows,
      transposed,
      rows,
      denseDimensions,
      dense,
      denseDimensions,
      labelCount,
      out,
    );
    for (let label = 0; label < labelCount; label += 1) {
      const intercept = intercepts[label]!;
      const from = label * rows;
      const to = label * features.rows + start;
      for (let row = 0; row < rows; row += 1) {
        result[to + row] = out[from + row]! + intercept;
      }
    }
  }

  return {
    labelCount,
    score(features) {
      if (
        features.sparseDimensions !== sparseDimensions ||
        features.denseDimensions !== denseDimensions
      ) {
        throw new RangeError(
          `features are ${features.sparseDimensions}+${features.denseDimensions} wide, model ${sparseDimensions}+${denseDimensions}`,
        );
      }
      const values = new Float64Array(labelCount * features.rows);
      let start = 0;
      while (start < features.rows) {
        let end = start + 1;
        const limit = Math.min(features.rows, start + CHUNK_ROWS);
        while (
          end < limit &&
          features.rowOffsets[end + 1]! - features.rowOffsets[start]! <= CHUNK_NON_ZEROS
        ) {
          end += 1;
        }
        scoreChunk(features, start, end, values);
        start = end;
      }
      return { rows: features.rows, labels: labelCount, values };
    },
  };
}
