import { mulberry32 } from '../random.js';

// ml.md §7.1 steps 3–5: spherical k-means over L2-normalised rows of one contiguous matrix (row-major,
// `rows × dimensions`), so that the 20,000 × 384 population of Discover stays one allocation.

export type SphericalKMeansResult = {
  /** Cluster of each row. */
  readonly assignments: Int32Array;
  /** Normalised centroids, row-major `k × dimensions`. */
  readonly centroids: Float32Array;
  /** Cosine of each row to its centroid. */
  readonly similarities: Float32Array;
  readonly iterations: number;
};

const MAX_ITERATIONS = 30;

function dot(
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  dimensions: number,
): number {
  let sum = 0;
  for (let index = 0; index < dimensions; index += 1) {
    sum += a[aOffset + index]! * b[bOffset + index]!;
  }
  return sum;
}

function normaliseRow(matrix: Float32Array, offset: number, dimensions: number): void {
  let norm = 0;
  for (let index = 0; index < dimensions; index += 1) {
    norm += matrix[offset + index]! * matrix[offset + index]!;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < dimensions; index += 1) {
      matrix[offset + index] = matrix[offset + index]! * scale;
    }
  }
}

/** L2-normalises every row in place (zero rows stay zero). */
export function normaliseRows(matrix: Float32Array, dimensions: number): void {
  for (let offset = 0; offset < matrix.length; offset += dimensions) {
    normaliseRow(matrix, offset, dimensions);
  }
}

/** k-means++ seeding with distance 1 − cos, sampling ∝ distance² (ml.md §7.1 step 3). */
function seedCentroids(
  rows: Float32Array,
  count: number,
  dimensions: number,
  k: number,
  random: () => number,
): Float32Array {
  const centroids = new Float32Array(k * dimensions);
  const nearest = new Float64Array(count).fill(Infinity);
  let chosen = Math.floor(random() * count);
  for (let cluster = 0; cluster < k; cluster += 1) {
    centroids.set(
      rows.subarray(chosen * dimensions, (chosen + 1) * dimensions),
      cluster * dimensions,
    );
    let total = 0;
    for (let row = 0; row < count; row += 1) {
      const distance = 1 - dot(rows, row * dimensions, centroids, cluster * dimensions, dimensions);
      const squared = Math.max(0, distance) ** 2;
      if (squared < nearest[row]!) {
        nearest[row] = squared;
      }
      total += nearest[row]!;
    }
    if (cluster + 1 === k) {
      break;
    }
    let target = random() * total;
    chosen = count - 1;
    for (let row = 0; row < count; row += 1) {
      target -= nearest[row]!;
      if (target < 0) {
        chosen = row;
        break;
      }
    }
  }
  return centroids;
}

/** Deterministic for the same rows, `k` and `seed` (one run, no restarts). */
export function sphericalKMeans(
  rows: Float32Array,
  dimensions: number,
  k: number,
  seed: number,
): SphericalKMeansResult {
  const count = rows.length / dimensions;
  if (!Number.isInteger(count) || k < 1 || k > count) {
    throw new RangeError(`cannot make ${k} clusters of ${count} rows`);
  }
  const centroids = seedCentroids(rows, count, dimensions, k, mulberry32(seed));
  const assignments = new Int32Array(count).fill(-1);
  const similarities = new Float32Array(count);
  const sizes = new Int32Array(k);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations += 1) {
    let changed = 0;
    for (let row = 0; row < count; row += 1) {
      let best = 0;
      let bestCosine = -Infinity;
      for (let cluster = 0; cluster < k; cluster += 1) {
        const cosine = dot(rows, row * dimensions, centroids, cluster * dimensions, dimensions);
        if (cosine > bestCosine) {
          bestCosine = cosine;
          best = cluster;
        }
      }
      similarities[row] = bestCosine;
      if (assignments[row] !== best) {
        assignments[row] = best;
        changed += 1;
      }
    }
    if (changed === 0) {
      break;
    }
    centroids.fill(0);
    sizes.fill(0);
    for (let row = 0; row < count; row += 1) {
      const cluster = assignments[row]!;
      sizes[cluster] = sizes[cluster]! + 1;
      const offset = cluster * dimensions;
      const source = row * dimensions;
      for (let index = 0; index < dimensions; index += 1) {
        centroids[offset + index] = centroids[offset + index]! + rows[source + index]!;
      }
    }
    for (let cluster = 0; cluster < k; cluster += 1) {
      if (sizes[cluster] === 0) {
        // Re-seed an emptied cluster with the row farthest from its own centroid.
        let farthest = 0;
        for (let row = 1; row < count; row += 1) {
          if (similarities[row]! < similarities[farthest]!) {
            farthest = row;
          }
        }
        centroids.set(
          rows.subarray(farthest * dimensions, (farthest + 1) * dimensions),
          cluster * dimensions,
        );
        similarities[farthest] = 1;
      } else {
        normaliseRow(centroids, cluster * dimensions, dimensions);
      }
    }
  }
  return { assignments, centroids, similarities, iterations };
}
