import { describe, expect, it } from 'vitest';

import { mulberry32 } from '../random.js';

import { packGrouped } from './kernels.js';
import { javascriptVectorOps } from './vector-ops.js';
import { createKernelArena, javascriptKernels, transposeInto } from './wasm-kernels.js';

function bits(array: Float64Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('hex');
}

describe.each([
  { rows: 13, width: 7, labels: 7, sparseWidth: 11 },
  { rows: 16, width: 8, labels: 8, sparseWidth: 5 },
  { rows: 3, width: 1, labels: 1, sparseWidth: 2 },
])(
  'WebAssembly kernels ($rows rows, width $width, $labels labels)',
  ({ rows, width, labels, sparseWidth }) => {
    const random = mulberry32(rows * 31 + width);
    const arena = createKernelArena(1 << 20);
    const x = arena.float32(rows * width);
    x.forEach((_, index) => (x[index] = random() - 0.5));
    const transposed = arena.float32(rows * width);
    transposeInto(x, rows, width, transposed);
    const counts = Array.from({ length: rows }, () => Math.floor(random() * 4));
    const rowOffsets = arena.int32(rows + 1);
    counts.forEach((count, row) => (rowOffsets[row + 1] = rowOffsets[row]! + count));
    const nonZeros = rowOffsets[rows]!;
    const columns = arena.int32(nonZeros);
    const values = arena.float32(nonZeros);
    for (let entry = 0; entry < nonZeros; entry += 1) {
      columns[entry] = random() < 0.1 ? -1 : Math.floor(random() * sparseWidth);
      values[entry] = random();
    }
    const vectors = Array.from({ length: labels }, () =>
      Float64Array.from({ length: sparseWidth }, () => random() - 0.5),
    );
    const sparseWeights = arena.float64(labels * sparseWidth);
    packGrouped(vectors, 0, sparseWidth, sparseWeights);
    const denseWeights = arena.float64(labels * width);
    denseWeights.forEach((_, index) => (denseWeights[index] = random() - 0.5));
    const residuals = arena.float64(labels * rows);
    residuals.forEach((_, index) => (residuals[index] = random() - 0.5));

    it('forward passes are bit-identical to the JavaScript kernels', () => {
      const out = arena.float64(labels * rows);
      arena.kernels.sparseForward(
        rowOffsets,
        columns,
        values,
        rows,
        sparseWeights,
        sparseWidth,
        labels,
        out,
      );
      arena.kernels.denseForward(x, transposed, rows, width, denseWeights, width, labels, out);
      const reference = new Float64Array(labels * rows);
      javascriptKernels.sparseForward(
        rowOffsets,
        columns,
        values,
        rows,
        sparseWeights,
        sparseWidth,
        labels,
        reference,
      );
      javascriptKernels.denseForward(
        x,
        transposed,
        rows,
        width,
        denseWeights,
        width,
        labels,
        reference,
      );
      expect(bits(out)).toBe(bits(reference));
    });

    it('backward passes are bit-identical to the JavaScript kernels', () => {
      const sparseGradient = arena.float64(labels * sparseWidth);
      const denseGradient = arena.float64(labels * width);
      arena.kernels.sparseBackward(
        rowOffsets,
        columns,
        values,
        rows,
        residuals,
        labels,
        sparseGradient,
        sparseWidth,
      );
      arena.kernels.denseBackward(x, rows, width, residuals, labels, denseGradient, width);
      const sparseReference = new Float64Array(labels * sparseWidth);
      const denseReference = new Float64Array(labels * width);
      javascriptKernels.sparseBackward(
        rowOffsets,
        columns,
        values,
        rows,
        residuals,
        labels,
        sparseReference,
        sparseWidth,
      );
      javascriptKernels.denseBackward(x, rows, width, residuals, labels, denseReference, width);
      expect(bits(sparseGradient)).toBe(bits(sparseReference));
      expect(bits(denseGradient)).toBe(bits(denseReference));
    });
  },
);

describe('createKernelArena', () => {
  it('rejects arrays from elsewhere and refuses to overflow', () => {
    const arena = createKernelArena(1024);
    const inside = arena.float64(4);
    expect(() =>
      arena.kernels.denseBackward(new Float32Array(4), 1, 4, inside, 1, arena.float64(4), 4),
    ).toThrow(/same arena/);
    expect(() => arena.float64(1 << 20)).toThrow(RangeError);
  });
});

describe('WebAssembly vector operations', () => {
  it.each([1, 2, 3, 4, 7, 16, 1001])(
    'match the JavaScript ones bit for bit (length %i)',
    (length) => {
      const random = mulberry32(length);
      const arena = createKernelArena(1 << 20);
      const a = arena.float64(length);
      const b = arena.float64(length);
      const single = arena.float32(length);
      const other = arena.float32(length);
      for (let index = 0; index < length; index += 1) {
        a[index] = random() - 0.5;
        b[index] = random() - 0.5;
        single[index] = random() - 0.5;
        other[index] = random() - 0.5;
      }
      const { vectors } = arena;
      expect(vectors.dot(a, b, length)).toBe(javascriptVectorOps.dot(a, b, length));
      expect(vectors.dotMixed(single, b, length)).toBe(
        javascriptVectorOps.dotMixed(single, b, length),
      );
      expect(vectors.dotSingle(single, other, length)).toBe(
        javascriptVectorOps.dotSingle(single, other, length),
      );
      const y = arena.float64(length);
      y.set(b);
      vectors.axpy(0.37, a, y, length);
      const reference = b.slice();
      javascriptVectorOps.axpy(0.37, a, reference, length);
      expect(bits(y)).toBe(bits(reference));
      y.set(b);
      vectors.axpyMixed(-1.5, single, y, length);
      reference.set(b);
      javascriptVectorOps.axpyMixed(-1.5, single, reference, length);
      expect(bits(y)).toBe(bits(reference));
      const step = arena.float32(length);
      const change = arena.float32(length);
      vectors.storePair(0.25, a, b, y, step, change, length);
      const stepReference = new Float32Array(length);
      const changeReference = new Float32Array(length);
      javascriptVectorOps.storePair(0.25, a, b, y, stepReference, changeReference, length);
      expect(Array.from(step)).toEqual(Array.from(stepReference));
      expect(Array.from(change)).toEqual(Array.from(changeReference));
    },
  );
});
