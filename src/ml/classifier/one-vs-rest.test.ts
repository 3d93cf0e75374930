import { describe, expect, it } from 'vitest';

import { buildFeatureMatrix, type FeatureMatrix } from '../embeddings/combine-channels.js';
import { mulberry32 } from '../random.js';

import { balancedClassWeights, sigmoid } from './logistic.js';
import { fitOneVsRest, fitOneVsRestAsync, type LabelFit } from './one-vs-rest.js';

/** Two blobs per label in the dense block plus a label word in the sparse block. */
function toyData(rows: number, seed: number): { features: FeatureMatrix; targets: Uint8Array[] } {
  const random = mulberry32(seed);
  const labelOf = Array.from({ length: rows }, () => Math.floor(random() * 3));
  const sparse = labelOf.map((label) => {
    const noise = 3 + Math.floor(random() * 5);
    const indices = [label, noise].sort((a, b) => a - b);
    return {
      indices: Int32Array.from(indices),
      values: Float32Array.of(Math.SQRT1_2, Math.SQRT1_2),
    };
  });
  const dense = labelOf.map((label) => {
    const vector = Float32Array.from({ length: 4 }, () => (random() - 0.5) * 0.4);
    vector[label] = vector[label]! + 1;
    return vector;
  });
  const features = buildFeatureMatrix({ sparse, sparseDimensions: 10, dense, denseDimensions: 4 });
  const targets = [0, 1, 2].map((label) =>
    Uint8Array.from(labelOf, (value) => (value === label ? 1 : 0)),
  );
  return { features, targets };
}

/** Dense rows of the full design matrix (sparse then dense columns), for reference computations. */
function denseRows(features: FeatureMatrix): Float64Array[] {
  const width = features.sparseDimensions + features.denseDimensions;
  return Array.from({ length: features.rows }, (_, row) => {
    const out = new Float64Array(width);
    for (let entry = features.rowOffsets[row]!; entry < features.rowOffsets[row + 1]!; entry += 1) {
      out[features.columns[entry]!] = features.values[entry]!;
    }
    for (let k = 0; k < features.denseDimensions; k += 1) {
      out[features.sparseDimensions + k] = features.dense[row * features.denseDimensions + k]!;
    }
    return out;
  });
}

/** ∇J of ml.md §3.3 at a fit, computed naively. */
function gradientAt(
  fit: LabelFit,
  rows: Float64Array[],
  targets: Uint8Array,
  C: number,
): Float64Array {
  const weights = balancedClassWeights(fit.positives, fit.negatives);
  const gradient = new Float64Array(fit.weights.length + 1);
  rows.forEach((row, index) => {
    let z = fit.intercept;
    row.forEach((value, k) => (z += value * fit.weights[k]!));
    const y = targets[index]!;
    const residual = (y === 1 ? weights.positive : weights.negative) * (sigmoid(z) - y);
    row.forEach((value, k) => (gradient[k] = gradient[k]! + residual * value));
    gradient[fit.weights.length] = gradient[fit.weights.length]! + residual;
  });
  fit.weights.forEach((weight, k) => {
    if (weight !== 0) {
      gradient[k] = gradient[k]! + weight / C;
    }
  });
  return gradient;
}

describe('fitOneVsRest', () => {
  const data = toyData(120, 11);

  it('learns separable data', () => {
    const fit = fitOneVsRest({ features: data.features, targets: data.targets });
    const rows = denseRows(data.features);
    fit.labels.forEach((label, index) => {
      expect(label).not.toBeNull();
      rows.forEach((row, rowIndex) => {
        let z = label!.intercept;
        row.forEach((value, k) => (z += value * label!.weights[k]!));
        expect(z > 0 ? 1 : 0).toBe(data.targets[index]![rowIndex]);
      });
    });
  });

  it('stops at the tolerance max|∂J/∂θ| ≤ 1e-4·N (up to Float32 rounding of the weights)', () => {
    const fit = fitOneVsRest({ features: data.features, targets: data.targets });
    const rows = denseRows(data.features);
    fit.labels.forEach((label, index) => {
      expect(label!.status).toBe('converged');
      const gradient = gradientAt(label!, rows, data.targets[index]!, 16);
      expect(Math.max(...gradient.map(Math.abs))).toBeLessThan(2e-4 * rows.length);
    });
  });

  it('reaches the unique optimum: a tighter run lands on the same weights', () => {
    const loose = fitOneVsRest({ features: data.features, targets: data.targets, C: 1 });
    const tight = fitOneVsRest({
      features: data.features,
      targets: data.targets,
      C: 1,
      maxIterations: 400,
    });
    loose.labels.forEach((label, index) => {
      const other = tight.labels[index]!;
      label!.weights.forEach((weight, k) => expect(weight).toBeCloseTo(other.weights[k]!, 2));
    });
  });

  it('leaves columns absent from the training rows at exactly zero', () => {
    const fit = fitOneVsRest({ features: data.features, targets: data.targets });
    // Sparse columns 8 and 9 never occur in toyData.
    for (const label of fit.labels) {
      expect([label!.weights[8], label!.weights[9]]).toEqual([0, 0]);
    }
  });

  it('gives no model to a label without a positive or without a negative', () => {
    const rows = data.features.rows;
    const fit = fitOneVsRest({
      features: data.features,
      targets: [new Uint8Array(rows), new Uint8Array(rows).fill(1), data.targets[0]!],
    });
    expect(fit.labels[0]).toBeNull();
    expect(fit.labels[1]).toBeNull();
    expect(fit.labels[2]?.shift).toBeCloseTo(
      Math.log((rows - fit.labels[2]!.positives) / fit.labels[2]!.positives),
      12,
    );
  });

  it('is bit-identical whatever the batching or sharding of labels (ml.md §3.7)', () => {
    const full = fitOneVsRest({ features: data.features, targets: data.targets });
    const single = fitOneVsRest({
      features: data.features,
      targets: data.targets,
      memoryBudgetBytes: 1,
    });
    const shard = fitOneVsRest({ features: data.features, targets: data.targets, onlyLabels: [2] });
    expect(shard.labels[0]).toBeNull();
    for (const other of [single, shard]) {
      other.labels.forEach((label, index) => {
        if (label !== null) {
          expect(Buffer.from(label.weights.buffer)).toEqual(
            Buffer.from(full.labels[index]!.weights.buffer),
          );
          expect(label.intercept).toBe(full.labels[index]!.intercept);
        }
      });
    }
  });

  it('warm-starts from previous weights in fewer iterations', () => {
    const cold = fitOneVsRest({ features: data.features, targets: data.targets });
    const more = toyData(150, 11);
    const coldMore = fitOneVsRest({ features: more.features, targets: more.targets });
    const warm = fitOneVsRest({
      features: more.features,
      targets: more.targets,
      warmStart: cold.labels.map((label) => ({
        weights: label!.weights,
        intercept: label!.intercept,
      })),
    });
    const iterations = (fit: typeof cold): number =>
      fit.labels.reduce((sum, label) => sum + label!.iterations, 0);
    expect(iterations(warm)).toBeLessThan(iterations(coldMore));
    // Both stop within the gradient tolerance of the same optimum: same decisions on every row.
    const rows = denseRows(more.features);
    warm.labels.forEach((label, index) => {
      const other = coldMore.labels[index]!;
      for (const row of rows) {
        let a = label!.intercept;
        let b = other.intercept;
        row.forEach((value, k) => {
          a += value * label!.weights[k]!;
          b += value * other.weights[k]!;
        });
        expect(Math.sign(a)).toBe(Math.sign(b));
      }
    });
  });

  it('can be aborted between rounds', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      fitOneVsRestAsync(
        { features: data.features, targets: data.targets },
        { signal: controller.signal },
      ),
    ).rejects.toThrow();
  });
});
