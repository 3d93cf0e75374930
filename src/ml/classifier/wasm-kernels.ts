import {
  denseBackward as jsDenseBackward,
  denseForward as jsDenseForward,
  sparseBackward as jsSparseBackward,
  sparseForward as jsSparseForward,
} from './kernels.js';
import { javascriptVectorOps, type VectorOps } from './vector-ops.js';
import { encodeModule, FunctionBuilder, VALUE_TYPE } from './wasm-assembler.js';

// ml.md §10.6 speed: the kernels of kernels.ts as WebAssembly SIMD (f64x2), 2–3.5× faster than the
// JavaScript versions. Every lane performs exactly the JavaScript kernel's sequence of IEEE operations
// (no fused multiply-add, same summation order), so both produce bit-identical results; the tests
// compare them. The dense forward pass reads a transposed copy of the dense block so that SIMD runs
// over rows and each sum still runs over columns in order.

const { i32, f64, v128 } = VALUE_TYPE;

/** The four products of the classifier, on typed arrays (see kernels.ts for the exact definitions). */
export type Kernels = {
  sparseForward(
    rowOffsets: Int32Array,
    columns: Int32Array,
    values: Float32Array,
    rows: number,
    weights: Float64Array,
    width: number,
    labels: number,
    out: Float64Array,
  ): void;
  sparseBackward(
    rowOffsets: Int32Array,
    columns: Int32Array,
    values: Float32Array,
    rows: number,
    residuals: Float64Array,
    labels: number,
    gradient: Float64Array,
    width: number,
  ): void;
  /** `out[l·rows + i] += Σ_k x[i,k]·w[l·stride + k]`; `x` row-major, `transposed` column-major. */
  denseForward(
    x: Float32Array,
    transposed: Float32Array,
    rows: number,
    width: number,
    weights: Float64Array,
    stride: number,
    labels: number,
    out: Float64Array,
  ): void;
  denseBackward(
    x: Float32Array,
    rows: number,
    width: number,
    residuals: Float64Array,
    labels: number,
    gradient: Float64Array,
    stride: number,
  ): void;
};

/** The JavaScript reference kernels behind the {@link Kernels} interface. */
export const javascriptKernels: Kernels = {
  sparseForward: jsSparseForward,
  sparseBackward: jsSparseBackward,
  denseForward(x, _transposed, rows, width, weights, stride, labels, out) {
    jsDenseForward(x, rows, width, weights, stride, 0, labels, out);
  },
  denseBackward(x, rows, width, residuals, labels, gradient, stride) {
    jsDenseBackward(x, rows, width, residuals, labels, gradient, stride, 0);
  },
};

/** `for (counter = start; counter < end; counter += step)` around `body`, as block/loop. */
function forLoop(
  builder: FunctionBuilder,
  counter: number,
  start: () => void,
  end: () => void,
  step: number,
  body: () => void,
): void {
  start();
  builder.set(counter);
  builder.block().loop();
  // Exit when counter + step > end (so only whole steps run).
  builder.get(counter).i32Const(step).i32Add();
  end();
  builder.i32GtS().brIf(1);
  body();
  builder.get(counter).i32Const(step).i32Add().set(counter);
  builder.br(0).end().end();
}

/** Dense forward over rows `[0, rowEnd)` in blocks of 4 and labels `[labelStart, labelEnd)` in blocks of `L`. */
function denseForwardBlock(labelsPerBlock: 1 | 2): FunctionBuilder {
  // (transposed, rows, width, weights, stride, out, rowEnd, labelStart, labelEnd)
  const builder = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32, i32, i32]);
  const [transposed, rows, width, weights, stride, out, rowEnd, labelStart, labelEnd] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8,
  ];
  const row = builder.local(i32);
  const label = builder.local(i32);
  const k = builder.local(i32);
  const xPointer = builder.local(i32);
  const columnBytes = builder.local(i32);
  const outPointer = builder.local(i32);
  const weightPointers = Array.from({ length: labelsPerBlock }, () => builder.local(i32));
  const sums = Array.from({ length: labelsPerBlock }, () => [
    builder.local(v128),
    builder.local(v128),
  ]);
  const low = builder.local(v128);
  const high = builder.local(v128);
  const weight = builder.local(v128);
  builder.get(rows).i32Const(2).i32Shl().set(columnBytes);
  forLoop(
    builder,
    row,
    () => builder.i32Const(0),
    () => builder.get(rowEnd),
    4,
    () => {
      forLoop(
        builder,
        label,
        () => builder.get(labelStart),
        () => builder.get(labelEnd),
        labelsPerBlock,
        () => {
          // outPointer = out + (label·rows + row)·8
          builder
            .get(out)
            .get(label)
            .get(rows)
            .i32Mul()
            .get(row)
            .i32Add()
            .i32Const(3)
            .i32Shl()
            .i32Add()
            .set(outPointer);
          sums.forEach(([first, second], offset) => {
            builder
              .get(outPointer)
              .get(rows)
              .i32Const(offset * 8)
              .i32Mul()
              .i32Add()
              .v128Load(0)
              .set(first!);
            builder
              .get(outPointer)
              .get(rows)
              .i32Const(offset * 8)
              .i32Mul()
              .i32Add()
              .v128Load(16)
              .set(second!);
          });
          weightPointers.forEach((pointer, offset) => {
            builder
              .get(weights)
              .get(label)
              .i32Const(offset)
              .i32Add()
              .get(stride)
              .i32Mul()
              .i32Const(3)
              .i32Shl()
              .i32Add()
              .set(pointer);
          });
          builder.get(transposed).get(row).i32Const(2).i32Shl().i32Add().set(xPointer);
          forLoop(
            builder,
            k,
            () => builder.i32Const(0),
            () => builder.get(width),
            1,
            () => {
              builder.get(xPointer).v128Load64Zero(0).f64x2PromoteLowF32x4().set(low);
              builder.get(xPointer).v128Load64Zero(8).f64x2PromoteLowF32x4().set(high);
              weightPointers.forEach((pointer, offset) => {
                const [first, second] = sums[offset]!;
                builder.get(pointer).v128Load64Splat(0).set(weight);
                builder.get(first!).get(low).get(weight).f64x2Mul().f64x2Add().set(first!);
                builder.get(second!).get(high).get(weight).f64x2Mul().f64x2Add().set(second!);
                builder.get(pointer).i32Const(8).i32Add().set(pointer);
              });
              builder.get(xPointer).get(columnBytes).i32Add().set(xPointer);
            },
          );
          sums.forEach(([first, second], offset) => {
            builder
              .get(outPointer)
              .get(rows)
              .i32Const(offset * 8)
              .i32Mul()
              .i32Add()
              .get(first!)
              .v128Store(0);
            builder
              .get(outPointer)
              .get(rows)
              .i32Const(offset * 8)
              .i32Mul()
              .i32Add()
              .get(second!)
              .v128Store(16);
          });
        },
      );
    },
  );
  return builder;
}

/** Dense forward, one row × one label at a time, rows `[rowStart, rows)`, labels `[0, labels)`. */
function denseForwardSingle(): FunctionBuilder {
  // (transposed, rows, width, weights, stride, out, rowStart, labels)
  const builder = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32, i32]);
  const [transposed, rows, width, weights, stride, out, rowStart, labels] = [
    0, 1, 2, 3, 4, 5, 6, 7,
  ];
  const row = builder.local(i32);
  const label = builder.local(i32);
  const k = builder.local(i32);
  const xPointer = builder.local(i32);
  const weightPointer = builder.local(i32);
  const outPointer = builder.local(i32);
  const columnBytes = builder.local(i32);
  const sum = builder.local(f64);
  builder.get(rows).i32Const(2).i32Shl().set(columnBytes);
  forLoop(
    builder,
    row,
    () => builder.get(rowStart),
    () => builder.get(rows),
    1,
    () => {
      forLoop(
        builder,
        label,
        () => builder.i32Const(0),
        () => builder.get(labels),
        1,
        () => {
          builder
            .get(out)
            .get(label)
            .get(rows)
            .i32Mul()
            .get(row)
            .i32Add()
            .i32Const(3)
            .i32Shl()
            .i32Add()
            .set(outPointer);
          builder.get(outPointer).f64Load(0).set(sum);
          builder
            .get(weights)
            .get(label)
            .get(stride)
            .i32Mul()
            .i32Const(3)
            .i32Shl()
            .i32Add()
            .set(weightPointer);
          builder.get(transposed).get(row).i32Const(2).i32Shl().i32Add().set(xPointer);
          forLoop(
            builder,
            k,
            () => builder.i32Const(0),
            () => builder.get(width),
            1,
            () => {
              builder
                .get(sum)
                .get(xPointer)
                .f32Load(0)
                .f64PromoteF32()
                .get(weightPointer)
                .f64Load(0)
                .f64Mul()
                .f64Add()
                .set(sum);
              builder.get(xPointer).get(columnBytes).i32Add().set(xPointer);
              builder.get(weightPointer).i32Const(8).i32Add().set(weightPointer);
            },
          );
          builder.get(outPointer).get(sum).f64Store(0);
        },
      );
    },
  );
  return builder;
}

/**
 * Dense backward over rows `[0, rowEnd)` in blocks of 4 and labels `[labelStart, labelEnd)` in blocks of
 * `L`, two columns per SIMD step (a trailing odd column in scalar code).
 */
function denseBackwardBlock(labelsPerBlock: 1 | 4): FunctionBuilder {
  // (x, rows, width, residuals, gradient, stride, rowEnd, labelStart, labelEnd)
  const builder = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32, i32, i32]);
  const [x, rows, width, residuals, gradient, stride, rowEnd, labelStart, labelEnd] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8,
  ];
  const row = builder.local(i32);
  const label = builder.local(i32);
  const k = builder.local(i32);
  const rowBytes = builder.local(i32);
  const strideBytes = builder.local(i32);
  const xPointer = builder.local(i32);
  const gradientPointer = builder.local(i32);
  const residualPointer = builder.local(i32);
  const factors = Array.from({ length: labelsPerBlock }, () =>
    [0, 1, 2, 3].map(() => builder.local(v128)),
  );
  const xs = [0, 1, 2, 3].map(() => builder.local(v128));
  const scalarXs = [0, 1, 2, 3].map(() => builder.local(f64));
  builder.get(width).i32Const(2).i32Shl().set(rowBytes);
  builder.get(stride).i32Const(3).i32Shl().set(strideBytes);
  forLoop(
    builder,
    row,
    () => builder.i32Const(0),
    () => builder.get(rowEnd),
    4,
    () => {
      forLoop(
        builder,
        label,
        () => builder.get(labelStart),
        () => builder.get(labelEnd),
        labelsPerBlock,
        () => {
          factors.forEach((perRow, offset) => {
            builder
              .get(residuals)
              .get(label)
              .i32Const(offset)
              .i32Add()
              .get(rows)
              .i32Mul()
              .get(row)
              .i32Add()
              .i32Const(3)
              .i32Shl()
              .i32Add()
              .set(residualPointer);
            perRow.forEach((local, rowOffset) =>
              builder
                .get(residualPointer)
                .v128Load64Splat(rowOffset * 8)
                .set(local),
            );
          });
          builder.get(x).get(row).get(width).i32Mul().i32Const(2).i32Shl().i32Add().set(xPointer);
          builder
            .get(gradient)
            .get(label)
            .get(stride)
            .i32Mul()
            .i32Const(3)
            .i32Shl()
            .i32Add()
            .set(gradientPointer);
          forLoop(
            builder,
            k,
            () => builder.i32Const(0),
            () => builder.get(width),
            2,
            () => {
              xs.forEach((local, rowOffset) => {
                builder
                  .get(xPointer)
                  .get(rowBytes)
                  .i32Const(rowOffset)
                  .i32Mul()
                  .i32Add()
                  .v128Load64Zero(0)
                  .f64x2PromoteLowF32x4()
                  .set(local);
              });
              factors.forEach((perRow, offset) => {
                // g ← (((g + a0·x0) + a1·x1) + a2·x2) + a3·x3, as in the JavaScript kernel.
                builder.get(gradientPointer).get(strideBytes).i32Const(offset).i32Mul().i32Add();
                builder
                  .get(gradientPointer)
                  .get(strideBytes)
                  .i32Const(offset)
                  .i32Mul()
                  .i32Add()
                  .v128Load(0);
                perRow.forEach((factor, rowOffset) =>
                  builder.get(factor).get(xs[rowOffset]!).f64x2Mul().f64x2Add(),
                );
                builder.v128Store(0);
              });
              builder.get(xPointer).i32Const(8).i32Add().set(xPointer);
              builder.get(gradientPointer).i32Const(16).i32Add().set(gradientPointer);
            },
          );
          // A trailing odd column: k < width after the paired loop.
          builder.block();
          builder.get(k).get(width).i32GeS().brIf(0);
          scalarXs.forEach((local, rowOffset) => {
            builder
              .get(xPointer)
              .get(rowBytes)
              .i32Const(rowOffset)
              .i32Mul()
              .i32Add()
              .f32Load(0)
              .f64PromoteF32()
              .set(local);
          });
          factors.forEach((perRow, offset) => {
            builder.get(gradientPointer).get(strideBytes).i32Const(offset).i32Mul().i32Add();
            builder
              .get(gradientPointer)
              .get(strideBytes)
              .i32Const(offset)
              .i32Mul()
              .i32Add()
              .f64Load(0);
            perRow.forEach((factor, rowOffset) =>
              builder.get(factor).f64x2ExtractLane(0).get(scalarXs[rowOffset]!).f64Mul().f64Add(),
            );
            builder.f64Store(0);
          });
          builder.end();
        },
      );
    },
  );
  return builder;
}

/** Dense backward, one row at a time, rows `[rowStart, rows)`, all labels, scalar. */
function denseBackwardSingle(): FunctionBuilder {
  // (x, rows, width, residuals, gradient, stride, rowStart, labels)
  const builder = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32, i32]);
  const [x, rows, width, residuals, gradient, stride, rowStart, labels] = [0, 1, 2, 3, 4, 5, 6, 7];
  const row = builder.local(i32);
  const label = builder.local(i32);
  const k = builder.local(i32);
  const xPointer = builder.local(i32);
  const gradientPointer = builder.local(i32);
  const factor = builder.local(f64);
  forLoop(
    builder,
    row,
    () => builder.get(rowStart),
    () => builder.get(rows),
    1,
    () => {
      forLoop(
        builder,
        label,
        () => builder.i32Const(0),
        () => builder.get(labels),
        1,
        () => {
          builder
            .get(residuals)
            .get(label)
            .get(rows)
            .i32Mul()
            .get(row)
            .i32Add()
            .i32Const(3)
            .i32Shl()
            .i32Add()
            .f64Load(0)
            .set(factor);
          builder.get(x).get(row).get(width).i32Mul().i32Const(2).i32Shl().i32Add().set(xPointer);
          builder
            .get(gradient)
            .get(label)
            .get(stride)
            .i32Mul()
            .i32Const(3)
            .i32Shl()
            .i32Add()
            .set(gradientPointer);
          forLoop(
            builder,
            k,
            () => builder.i32Const(0),
            () => builder.get(width),
            1,
            () => {
              builder.get(gradientPointer);
              builder
                .get(gradientPointer)
                .f64Load(0)
                .get(factor)
                .get(xPointer)
                .f32Load(0)
                .f64PromoteF32()
                .f64Mul()
                .f64Add();
              builder.f64Store(0);
              builder.get(xPointer).i32Const(4).i32Add().set(xPointer);
              builder.get(gradientPointer).i32Const(8).i32Add().set(gradientPointer);
            },
          );
        },
      );
    },
  );
  return builder;
}

/** Sparse forward of one group of 4 interleaved labels (`group = 4`) or one label (`group = 1`). */
function sparseForwardGroup(group: 1 | 4): FunctionBuilder {
  // (rowOffsets, columns, values, rows, weights, out)
  const builder = new FunctionBuilder([i32, i32, i32, i32, i32, i32]);
  const [rowOffsets, columns, values, rows, weights, out] = [0, 1, 2, 3, 4, 5];
  const row = builder.local(i32);
  const entry = builder.local(i32);
  const end = builder.local(i32);
  const column = builder.local(i32);
  const pointer = builder.local(i32);
  const outBytes = builder.local(i32);
  const value = builder.local(group === 4 ? v128 : f64);
  const sums = group === 4 ? [builder.local(v128), builder.local(v128)] : [builder.local(f64)];
  builder.get(rows).i32Const(3).i32Shl().set(outBytes);
  forLoop(
    builder,
    row,
    () => builder.i32Const(0),
    () => builder.get(rows),
    1,
    () => {
      for (const sum of sums) {
        if (group === 4) {
          builder.v128Zero().set(sum);
        } else {
          builder.f64Const0().set(sum);
        }
      }
      builder
        .get(rowOffsets)
        .get(row)
        .i32Const(2)
        .i32Shl()
        .i32Add()
        .tee(pointer)
        .i32Load(0)
        .set(entry);
      builder.get(pointer).i32Load(4).set(end);
      forLoop(
        builder,
        entry,
        () => builder.get(entry),
        () => builder.get(end),
        1,
        () => {
          builder.block();
          builder
            .get(columns)
            .get(entry)
            .i32Const(2)
            .i32Shl()
            .i32Add()
            .i32Load(0)
            .tee(column)
            .i32Const(0)
            .i32LtS()
            .brIf(0);
          builder.get(values).get(entry).i32Const(2).i32Shl().i32Add().f32Load(0).f64PromoteF32();
          if (group === 4) {
            builder.f64x2Splat();
          }
          builder.set(value);
          builder
            .get(weights)
            .get(column)
            .i32Const(group === 4 ? 5 : 3)
            .i32Shl()
            .i32Add()
            .set(pointer);
          if (group === 4) {
            builder
              .get(sums[0]!)
              .get(value)
              .get(pointer)
              .v128Load(0)
              .f64x2Mul()
              .f64x2Add()
              .set(sums[0]!);
            builder
              .get(sums[1]!)
              .get(value)
              .get(pointer)
              .v128Load(16)
              .f64x2Mul()
              .f64x2Add()
              .set(sums[1]!);
          } else {
            builder
              .get(sums[0]!)
              .get(value)
              .get(pointer)
              .f64Load(0)
              .f64Mul()
              .f64Add()
              .set(sums[0]!);
          }
          builder.end();
        },
      );
      builder.get(out).get(row).i32Const(3).i32Shl().i32Add().set(pointer);
      if (group === 4) {
        [0, 1, 2, 3].forEach((lane) => {
          builder.get(pointer).get(outBytes).i32Const(lane).i32Mul().i32Add();
          builder
            .get(sums[lane >> 1]!)
            .f64x2ExtractLane(lane & 1)
            .f64Store(0);
        });
      } else {
        builder.get(pointer).get(sums[0]!).f64Store(0);
      }
    },
  );
  return builder;
}

/** Sparse backward of one group of 4 interleaved labels or one label. */
function sparseBackwardGroup(group: 1 | 4): FunctionBuilder {
  // (rowOffsets, columns, values, rows, residuals, gradient)
  const builder = new FunctionBuilder([i32, i32, i32, i32, i32, i32]);
  const [rowOffsets, columns, values, rows, residuals, gradient] = [0, 1, 2, 3, 4, 5];
  const row = builder.local(i32);
  const entry = builder.local(i32);
  const end = builder.local(i32);
  const column = builder.local(i32);
  const pointer = builder.local(i32);
  const residualBytes = builder.local(i32);
  const value = builder.local(group === 4 ? v128 : f64);
  const factors = group === 4 ? [builder.local(v128), builder.local(v128)] : [builder.local(f64)];
  builder.get(rows).i32Const(3).i32Shl().set(residualBytes);
  forLoop(
    builder,
    row,
    () => builder.i32Const(0),
    () => builder.get(rows),
    1,
    () => {
      builder.get(residuals).get(row).i32Const(3).i32Shl().i32Add().set(pointer);
      if (group === 4) {
        factors.forEach((factor, pair) => {
          builder
            .get(pointer)
            .get(residualBytes)
            .i32Const(2 * pair)
            .i32Mul()
            .i32Add()
            .v128Load64Splat(0);
          builder
            .get(pointer)
            .get(residualBytes)
            .i32Const(2 * pair + 1)
            .i32Mul()
            .i32Add()
            .f64Load(0);
          builder.f64x2ReplaceLane(1).set(factor);
        });
      } else {
        builder.get(pointer).f64Load(0).set(factors[0]!);
      }
      builder
        .get(rowOffsets)
        .get(row)
        .i32Const(2)
        .i32Shl()
        .i32Add()
        .tee(pointer)
        .i32Load(0)
        .set(entry);
      builder.get(pointer).i32Load(4).set(end);
      forLoop(
        builder,
        entry,
        () => builder.get(entry),
        () => builder.get(end),
        1,
        () => {
          builder.block();
          builder
            .get(columns)
            .get(entry)
            .i32Const(2)
            .i32Shl()
            .i32Add()
            .i32Load(0)
            .tee(column)
            .i32Const(0)
            .i32LtS()
            .brIf(0);
          builder.get(values).get(entry).i32Const(2).i32Shl().i32Add().f32Load(0).f64PromoteF32();
          if (group === 4) {
            builder.f64x2Splat();
          }
          builder.set(value);
          builder
            .get(gradient)
            .get(column)
            .i32Const(group === 4 ? 5 : 3)
            .i32Shl()
            .i32Add()
            .set(pointer);
          if (group === 4) {
            builder
              .get(pointer)
              .get(pointer)
              .v128Load(0)
              .get(value)
              .get(factors[0]!)
              .f64x2Mul()
              .f64x2Add()
              .v128Store(0);
            builder
              .get(pointer)
              .get(pointer)
              .v128Load(16)
              .get(value)
              .get(factors[1]!)
              .f64x2Mul()
              .f64x2Add()
              .v128Store(16);
          } else {
            builder
              .get(pointer)
              .get(pointer)
              .f64Load(0)
              .get(value)
              .get(factors[0]!)
              .f64Mul()
              .f64Add()
              .f64Store(0);
          }
          builder.end();
        },
      );
    },
  );
  return builder;
}

type Element = 'f32' | 'f64';

/** Pushes the pair of elements `index, index + 1` of `array` as f64x2. */
function loadPair(builder: FunctionBuilder, array: number, index: number, element: Element): void {
  builder
    .get(array)
    .get(index)
    .i32Const(element === 'f64' ? 3 : 2)
    .i32Shl()
    .i32Add();
  if (element === 'f64') {
    builder.v128Load(0);
  } else {
    builder.v128Load64Zero(0).f64x2PromoteLowF32x4();
  }
}

/** Pushes element `index` of `array` as f64. */
function loadOne(builder: FunctionBuilder, array: number, index: number, element: Element): void {
  builder
    .get(array)
    .get(index)
    .i32Const(element === 'f64' ? 3 : 2)
    .i32Shl()
    .i32Add();
  if (element === 'f64') {
    builder.f64Load(0);
  } else {
    builder.f32Load(0).f64PromoteF32();
  }
}

/**
 * `Σ a[i]·b[i]` with the four partial sums of vector-ops.ts `dot` (indices mod 4, then
 * (s0 + s1) + (s2 + s3)): lanes of two f64x2 accumulators hold exactly those sums.
 */
function dotProduct(left: Element, right: Element): FunctionBuilder {
  // (a, b, length) → f64
  const builder = new FunctionBuilder([i32, i32, i32], [f64]);
  const [a, b, length] = [0, 1, 2];
  const index = builder.local(i32);
  const first = builder.local(v128);
  const second = builder.local(v128);
  const next = builder.local(i32);
  const s0 = builder.local(f64);
  builder.v128Zero().set(first);
  builder.v128Zero().set(second);
  forLoop(
    builder,
    index,
    () => builder.i32Const(0),
    () => builder.get(length),
    4,
    () => {
      builder.get(first);
      loadPair(builder, a, index, left);
      loadPair(builder, b, index, right);
      builder.f64x2Mul().f64x2Add().set(first);
      builder.get(index).i32Const(2).i32Add().set(next);
      builder.get(second);
      loadPair(builder, a, next, left);
      loadPair(builder, b, next, right);
      builder.f64x2Mul().f64x2Add().set(second);
    },
  );
  builder.get(first).f64x2ExtractLane(0).set(s0);
  forLoop(
    builder,
    index,
    () => builder.get(index),
    () => builder.get(length),
    1,
    () => {
      builder.get(s0);
      loadOne(builder, a, index, left);
      loadOne(builder, b, index, right);
      builder.f64Mul().f64Add().set(s0);
    },
  );
  builder.get(s0).get(first).f64x2ExtractLane(1).f64Add();
  builder.get(second).f64x2ExtractLane(0).get(second).f64x2ExtractLane(1).f64Add();
  builder.f64Add();
  return builder;
}

/** `y[i] ← y[i] + alpha·x[i]` (f64 `y`). */
function scaledAdd(source: Element): FunctionBuilder {
  // (alpha, x, y, length)
  const builder = new FunctionBuilder([f64, i32, i32, i32]);
  const [alpha, x, y, length] = [0, 1, 2, 3];
  const index = builder.local(i32);
  const pointer = builder.local(i32);
  const factor = builder.local(v128);
  builder.get(alpha).f64x2Splat().set(factor);
  forLoop(
    builder,
    index,
    () => builder.i32Const(0),
    () => builder.get(length),
    2,
    () => {
      builder.get(y).get(index).i32Const(3).i32Shl().i32Add().tee(pointer);
      builder.get(pointer).v128Load(0).get(factor);
      loadPair(builder, x, index, source);
      builder.f64x2Mul().f64x2Add().v128Store(0);
    },
  );
  forLoop(
    builder,
    index,
    () => builder.get(index),
    () => builder.get(length),
    1,
    () => {
      builder.get(y).get(index).i32Const(3).i32Shl().i32Add().tee(pointer);
      builder.get(pointer).f64Load(0).get(alpha);
      loadOne(builder, x, index, source);
      builder.f64Mul().f64Add().f64Store(0);
    },
  );
  return builder;
}

/** Writes an L-BFGS pair as Float32: `step = t·direction`, `change = gradient − previous`. */
function storePair(): FunctionBuilder {
  // (t, direction, gradient, previous, step, change, length)
  const builder = new FunctionBuilder([f64, i32, i32, i32, i32, i32, i32]);
  const [t, direction, gradient, previous, step, change, length] = [0, 1, 2, 3, 4, 5, 6];
  const index = builder.local(i32);
  const wide = builder.local(i32);
  const narrow = builder.local(i32);
  const factor = builder.local(v128);
  builder.get(t).f64x2Splat().set(factor);
  const pair = (lanes: 1 | 2): void => {
    builder.get(index).i32Const(3).i32Shl().set(wide);
    builder.get(index).i32Const(2).i32Shl().set(narrow);
    builder.get(step).get(narrow).i32Add();
    if (lanes === 2) {
      builder.get(factor).get(direction).get(wide).i32Add().v128Load(0).f64x2Mul();
      builder.f32x4DemoteF64x2Zero().v128Store64Lane0(0);
    } else {
      builder
        .get(t)
        .get(direction)
        .get(wide)
        .i32Add()
        .f64Load(0)
        .f64Mul()
        .f32DemoteF64()
        .f32Store(0);
    }
    builder.get(change).get(narrow).i32Add();
    if (lanes === 2) {
      builder.get(gradient).get(wide).i32Add().v128Load(0);
      builder.get(previous).get(wide).i32Add().v128Load(0);
      builder.f64x2Sub().f32x4DemoteF64x2Zero().v128Store64Lane0(0);
    } else {
      builder.get(gradient).get(wide).i32Add().f64Load(0);
      builder.get(previous).get(wide).i32Add().f64Load(0);
      builder.f64Sub().f32DemoteF64().f32Store(0);
    }
  };
  forLoop(
    builder,
    index,
    () => builder.i32Const(0),
    () => builder.get(length),
    2,
    () => pair(2),
  );
  forLoop(
    builder,
    index,
    () => builder.get(index),
    () => builder.get(length),
    1,
    () => pair(1),
  );
  return builder;
}

type KernelExports = {
  denseForward4x2: (...args: number[]) => void;
  denseForward4x1: (...args: number[]) => void;
  denseForward1x1: (...args: number[]) => void;
  denseBackward4x4: (...args: number[]) => void;
  denseBackward4x1: (...args: number[]) => void;
  denseBackward1x1: (...args: number[]) => void;
  sparseForward4: (...args: number[]) => void;
  sparseForward1: (...args: number[]) => void;
  sparseBackward4: (...args: number[]) => void;
  sparseBackward1: (...args: number[]) => void;
  dotF64: (a: number, b: number, length: number) => number;
  dotF32F64: (a: number, b: number, length: number) => number;
  dotF32: (a: number, b: number, length: number) => number;
  axpyF64: (alpha: number, x: number, y: number, length: number) => void;
  axpyF32: (alpha: number, x: number, y: number, length: number) => void;
  storePair: (...args: number[]) => void;
};

// The compiler options have no DOM library, so the WebAssembly global is described here.
type CompiledModule = { readonly kind: 'module' };
type WebAssemblyApi = {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => CompiledModule;
  Instance: new (module: CompiledModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
};
const webAssembly = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;

let compiled: CompiledModule | null | undefined;

function compiledModule(): CompiledModule | null {
  if (compiled === undefined) {
    const bytes = encodeModule([
      { name: 'denseForward4x2', body: denseForwardBlock(2) },
      { name: 'denseForward4x1', body: denseForwardBlock(1) },
      { name: 'denseForward1x1', body: denseForwardSingle() },
      { name: 'denseBackward4x4', body: denseBackwardBlock(4) },
      { name: 'denseBackward4x1', body: denseBackwardBlock(1) },
      { name: 'denseBackward1x1', body: denseBackwardSingle() },
      { name: 'sparseForward4', body: sparseForwardGroup(4) },
      { name: 'sparseForward1', body: sparseForwardGroup(1) },
      { name: 'sparseBackward4', body: sparseBackwardGroup(4) },
      { name: 'sparseBackward1', body: sparseBackwardGroup(1) },
      { name: 'dotF64', body: dotProduct('f64', 'f64') },
      { name: 'dotF32F64', body: dotProduct('f32', 'f64') },
      { name: 'dotF32', body: dotProduct('f32', 'f32') },
      { name: 'axpyF64', body: scaledAdd('f64') },
      { name: 'axpyF32', body: scaledAdd('f32') },
      { name: 'storePair', body: storePair() },
    ]);
    // Without SIMD support the JavaScript kernels are used; they give the same bits, only slower.
    compiled =
      webAssembly !== undefined && webAssembly.validate(bytes)
        ? new webAssembly.Module(bytes)
        : null;
  }
  return compiled;
}

const ALIGN = 16;
const PAGE = 65536;

/** Typed arrays allocated in one WebAssembly memory, with kernels that run on them. */
export type KernelArena = {
  readonly kernels: Kernels;
  readonly vectors: VectorOps;
  float64(length: number): Float64Array;
  float32(length: number): Float32Array;
  int32(length: number): Int32Array;
};

/** A plain-JavaScript arena: ordinary typed arrays and the reference kernels. */
export function createJavascriptArena(): KernelArena {
  return {
    kernels: javascriptKernels,
    vectors: javascriptVectorOps,
    float64: (length) => new Float64Array(length),
    float32: (length) => new Float32Array(length),
    int32: (length) => new Int32Array(length),
  };
}

/**
 * An arena of `capacityBytes` in WebAssembly memory with the SIMD kernels, or the JavaScript arena when
 * the runtime lacks WebAssembly SIMD. Arrays passed to its kernels must come from the same arena.
 */
export function createKernelArena(capacityBytes: number): KernelArena {
  const module = compiledModule();
  if (module === null || webAssembly === undefined) {
    return createJavascriptArena();
  }
  const memory = new webAssembly.Memory({
    initial: Math.max(1, Math.ceil((capacityBytes + ALIGN * 64) / PAGE)),
  });
  const instance = new webAssembly.Instance(module, { env: { memory } });
  const run = instance.exports as KernelExports;
  const buffer = memory.buffer;
  let top = ALIGN;
  const allocate = (bytes: number): number => {
    const offset = top;
    top = Math.ceil((top + bytes) / ALIGN) * ALIGN;
    if (top > buffer.byteLength) {
      throw new RangeError(`kernel arena exhausted (${top} > ${buffer.byteLength} bytes)`);
    }
    return offset;
  };
  const at = (array: Int32Array | Float32Array | Float64Array): number => {
    if (array.buffer !== buffer) {
      throw new Error('kernel arrays must be allocated in the same arena');
    }
    return array.byteOffset;
  };
  const kernels: Kernels = {
    sparseForward(rowOffsets, columns, values, rows, weights, width, labels, out) {
      const grouped = labels - (labels % 4);
      const [offsets, columnsAt, valuesAt] = [at(rowOffsets), at(columns), at(values)];
      for (let label = 0; label < labels; label += label < grouped ? 4 : 1) {
        const kernel = label < grouped ? run.sparseForward4 : run.sparseForward1;
        kernel(
          offsets,
          columnsAt,
          valuesAt,
          rows,
          at(weights) + label * width * 8,
          at(out) + label * rows * 8,
        );
      }
    },
    sparseBackward(rowOffsets, columns, values, rows, residuals, labels, gradient, width) {
      const grouped = labels - (labels % 4);
      const [offsets, columnsAt, valuesAt] = [at(rowOffsets), at(columns), at(values)];
      for (let label = 0; label < labels; label += label < grouped ? 4 : 1) {
        const kernel = label < grouped ? run.sparseBackward4 : run.sparseBackward1;
        kernel(
          offsets,
          columnsAt,
          valuesAt,
          rows,
          at(residuals) + label * rows * 8,
          at(gradient) + label * width * 8,
        );
      }
    },
    denseForward(_x, transposed, rows, width, weights, stride, labels, out) {
      if (width === 0 || rows === 0 || labels === 0) {
        return;
      }
      const rowEnd = rows - (rows % 4);
      const pairs = labels - (labels % 2);
      const args = [at(transposed), rows, width, at(weights), stride, at(out)] as const;
      run.denseForward4x2(...args, rowEnd, 0, pairs);
      run.denseForward4x1(...args, rowEnd, pairs, labels);
      run.denseForward1x1(...args, rowEnd, labels);
    },
    denseBackward(x, rows, width, residuals, labels, gradient, stride) {
      if (width === 0 || rows === 0 || labels === 0) {
        return;
      }
      const rowEnd = rows - (rows % 4);
      const quads = labels - (labels % 4);
      const args = [at(x), rows, width, at(residuals), at(gradient), stride] as const;
      run.denseBackward4x4(...args, rowEnd, 0, quads);
      run.denseBackward4x1(...args, rowEnd, quads, labels);
      run.denseBackward1x1(...args, rowEnd, labels);
    },
  };
  const vectors: VectorOps = {
    dot: (a, b, length) => run.dotF64(at(a), at(b), length),
    dotMixed: (a, b, length) => run.dotF32F64(at(a), at(b), length),
    dotSingle: (a, b, length) => run.dotF32(at(a), at(b), length),
    axpy: (alpha, x, y, length) => run.axpyF64(alpha, at(x), at(y), length),
    axpyMixed: (alpha, x, y, length) => run.axpyF32(alpha, at(x), at(y), length),
    storePair(t, direction, gradient, previous, step, change, length) {
      run.storePair(t, at(direction), at(gradient), at(previous), at(step), at(change), length);
    },
  };
  return {
    kernels,
    vectors,
    float64: (length) => new Float64Array(buffer, allocate(length * 8), length),
    float32: (length) => new Float32Array(buffer, allocate(length * 4), length),
    int32: (length) => new Int32Array(buffer, allocate(length * 4), length),
  };
}

/** Writes the column-major copy of a row-major `rows × width` block (the dense forward pass reads it). */
export function transposeInto(
  x: Float32Array,
  rows: number,
  width: number,
  out: Float32Array,
): void {
  for (let row = 0; row < rows; row += 1) {
    const offset = row * width;
    for (let k = 0; k < width; k += 1) {
      out[k * rows + row] = x[offset + k]!;
    }
  }
}
