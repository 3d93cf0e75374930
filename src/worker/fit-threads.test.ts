import { afterAll, describe, expect, it } from 'vitest';

import { buildFeatureMatrix, fitOneVsRestAsync, mulberry32 } from '../ml/index.js';

import { createFitThreads } from './fit-threads.js';

// Spreading labels over threads must not change a single bit of any label's fit (ml.md §3.7).

describe('training threads', () => {
  const threads = createFitThreads(2);
  afterAll(() => threads.close());

  it('gives byte-identical fits to a single-thread run', async () => {
    const random = mulberry32(7);
    const rows = 2500;
    const sparse = Array.from({ length: rows }, () => {
      const columns = [
        ...new Set(Array.from({ length: 12 }, () => Math.floor(random() * 400))),
      ].sort((a, b) => a - b);
      return {
        indices: Int32Array.from(columns),
        values: Float32Array.from(columns, () => random()),
      };
    });
    const dense = Array.from({ length: rows }, () =>
      Float32Array.from({ length: 16 }, () => random() - 0.5),
    );
    const features = buildFeatureMatrix({
      sparse,
      sparseDimensions: 400,
      dense,
      denseDimensions: 16,
    });
    const targets = Array.from({ length: 9 }, (_, label) =>
      Uint8Array.from({ length: rows }, (_, row) =>
        (sparse[row]!.indices[0]! + label * 37) % 9 === 0 || dense[row]![label]! > 0.4 ? 1 : 0,
      ),
    );
    const input = { features, targets, C: 16 };
    const single = await fitOneVsRestAsync(input);
    const spread = await threads.fit(input);
    expect(threads.remoteShards()).toBe(1);
    expect(spread.labels).toHaveLength(single.labels.length);
    single.labels.forEach((fit, label) => {
      const other = spread.labels[label]!;
      expect(fit).not.toBeNull();
      expect(Buffer.from(other.weights.buffer).equals(Buffer.from(fit!.weights.buffer))).toBe(true);
      expect(other.intercept).toBe(fit!.intercept);
      expect(other.iterations).toBe(fit!.iterations);
    });
  });
});
