import { describe, expect, it } from 'vitest';

import { mulberry32 } from '../random.js';

import {
  denseBackward,
  denseForward,
  packGrouped,
  sparseBackward,
  sparseForward,
  unpackGrouped,
} from './kernels.js';

const random = mulberry32(3);
const rows = 9;
const width = 5;
const sparseWidth = 7;
const labels = 6;
const x = Float32Array.from({ length: rows * width }, () => random() - 0.5);
const rowOffsets = Int32Array.from([0, 2, 2, 5, 6, 8, 9, 11, 12, 14]);
const columns = Int32Array.from([0, 3, 1, 2, 6, 4, -1, 5, 0, 1, 6, 2, 3, 5]);
const values = Float32Array.from(columns, () => random());
const vectors = Array.from({ length: labels }, () =>
  Float64Array.from({ length: sparseWidth }, () => random() - 0.5),
);
const dense = Float64Array.from({ length: labels * width }, () => random() - 0.5);
const residuals = Float64Array.from({ length: labels * rows }, () => random() - 0.5);

describe('grouped layout', () => {
  it('packs and unpacks losslessly', () => {
    const grouped = new Float64Array(labels * sparseWidth);
    packGrouped(vectors, 0, sparseWidth, grouped);
    const back = vectors.map(() => new Float64Array(sparseWidth));
    unpackGrouped(grouped, sparseWidth, back, 0);
    expect(back).toEqual(vectors);
  });
});

describe('forward kernels', () => {
  it('compute X·W for every label, skipping −1 columns', () => {
    const grouped = new Float64Array(labels * sparseWidth);
    packGrouped(vectors, 0, sparseWidth, grouped);
    const out = new Float64Array(labels * rows);
    sparseForward(rowOffsets, columns, values, rows, grouped, sparseWidth, labels, out);
    denseForward(x, rows, width, dense, width, 0, labels, out);
    for (let label = 0; label < labels; label += 1) {
      for (let row = 0; row < rows; row += 1) {
        let expected = 0;
        for (let entry = rowOffsets[row]!; entry < rowOffsets[row + 1]!; entry += 1) {
          if (columns[entry]! >= 0) {
            expected += values[entry]! * vectors[label]![columns[entry]!]!;
          }
        }
        for (let k = 0; k < width; k += 1) {
          expected += x[row * width + k]! * dense[label * width + k]!;
        }
        // Same summation order as the kernel: bit-identical.
        expect(out[label * rows + row]).toBe(expected);
      }
    }
  });

  it('give a label the same bits alone as in a batch', () => {
    const grouped = new Float64Array(labels * sparseWidth);
    packGrouped(vectors, 0, sparseWidth, grouped);
    const all = new Float64Array(labels * rows);
    sparseForward(rowOffsets, columns, values, rows, grouped, sparseWidth, labels, all);
    denseForward(x, rows, width, dense, width, 0, labels, all);
    for (let label = 0; label < labels; label += 1) {
      const single = new Float64Array(rows);
      sparseForward(rowOffsets, columns, values, rows, vectors[label]!, sparseWidth, 1, single);
      denseForward(x, rows, width, dense.subarray(label * width), width, 0, 1, single);
      expect(Array.from(single)).toEqual(
        Array.from(all.subarray(label * rows, (label + 1) * rows)),
      );
    }
  });
});

describe('backward kernels', () => {
  it('compute Xᵀ·R with rows summed in order, identical alone and batched', () => {
    const sparseGradient = new Float64Array(labels * sparseWidth);
    const denseGradient = new Float64Array(labels * width);
    sparseBackward(
      rowOffsets,
      columns,
      values,
      rows,
      residuals,
      labels,
      sparseGradient,
      sparseWidth,
    );
    denseBackward(x, rows, width, residuals, labels, denseGradient, width, 0);
    const unpacked = vectors.map(() => new Float64Array(sparseWidth));
    unpackGrouped(sparseGradient, sparseWidth, unpacked, 0);
    for (let label = 0; label < labels; label += 1) {
      const expectedSparse = new Float64Array(sparseWidth);
      const expectedDense = new Float64Array(width);
      for (let row = 0; row < rows; row += 1) {
        const r = residuals[label * rows + row]!;
        for (let entry = rowOffsets[row]!; entry < rowOffsets[row + 1]!; entry += 1) {
          if (columns[entry]! >= 0) {
            expectedSparse[columns[entry]!] = expectedSparse[columns[entry]!]! + values[entry]! * r;
          }
        }
        for (let k = 0; k < width; k += 1) {
          expectedDense[k] = expectedDense[k]! + r * x[row * width + k]!;
        }
      }
      expect(Array.from(unpacked[label]!)).toEqual(Array.from(expectedSparse));
      expect(Array.from(denseGradient.subarray(label * width, (label + 1) * width))).toEqual(
        Array.from(expectedDense),
      );
    }
  });
});
