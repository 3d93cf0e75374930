import type { SparseVector } from '../sparse-vector.js';

import { FEATURE_BUCKETS } from './hashing.js';
import type { FeatureCounts } from './sparse-features.js';

// ml.md §2.2: hashed TF-IDF with per-dataset idf and a compact vocabulary.

/** Document frequencies over `D` buckets plus the number of documents (one per source, summed per dataset). */
export type DocumentFrequencies = { documentCount: number; readonly frequencies: Int32Array };

/** A fitted corpus snapshot: compact vocabulary (ascending bucket ids) and aligned idf (ml.md §2.2). */
export type CorpusStats = {
  readonly documentCount: number;
  readonly vocabulary: Int32Array;
  readonly idf: Float32Array;
};

/** Below this corpus size a bucket seen once is kept (`min_df = 1`), from it on `min_df = 2` (ml.md §2.2). */
const SMALL_CORPUS = 50;

/** An empty document-frequency table for `D = 2^18` buckets. */
export function createDocumentFrequencies(): DocumentFrequencies {
  return { documentCount: 0, frequencies: new Int32Array(FEATURE_BUCKETS) };
}

/** Adds (`sign = 1`) or removes (`sign = -1`) one document's buckets; updates commute (ml.md §2.2). */
export function updateDocumentFrequencies(
  target: DocumentFrequencies,
  counts: FeatureCounts,
  sign: 1 | -1 = 1,
): void {
  const { frequencies } = target;
  const buckets = counts.buckets;
  for (let index = 0; index < buckets.length; index += 1) {
    const bucket = buckets[index]!;
    frequencies[bucket] = frequencies[bucket]! + sign;
  }
  target.documentCount += sign;
}

/** Sums per-source tables into the dataset's table (ml.md §2.2). */
export function sumDocumentFrequencies(parts: readonly DocumentFrequencies[]): DocumentFrequencies {
  const total = createDocumentFrequencies();
  for (const part of parts) {
    const { frequencies } = part;
    for (let bucket = 0; bucket < FEATURE_BUCKETS; bucket += 1) {
      total.frequencies[bucket] = total.frequencies[bucket]! + frequencies[bucket]!;
    }
    total.documentCount += part.documentCount;
  }
  return total;
}

/** Fits the compact vocabulary and `idf_h = ln((1 + N) / (1 + df_h)) + 1` (ml.md §2.2). */
export function fitCorpusStats(table: DocumentFrequencies): CorpusStats {
  const documentCount = table.documentCount;
  const minimum = documentCount < SMALL_CORPUS ? 1 : 2;
  const { frequencies } = table;
  let kept = 0;
  for (let bucket = 0; bucket < frequencies.length; bucket += 1) {
    if (frequencies[bucket]! >= minimum) {
      kept += 1;
    }
  }
  const vocabulary = new Int32Array(kept);
  const idf = new Float32Array(kept);
  let slot = 0;
  for (let bucket = 0; bucket < frequencies.length; bucket += 1) {
    const frequency = frequencies[bucket]!;
    if (frequency >= minimum) {
      vocabulary[slot] = bucket;
      idf[slot] = Math.log((1 + documentCount) / (1 + frequency)) + 1;
      slot += 1;
    }
  }
  return { documentCount, vocabulary, idf };
}

const lookups = new WeakMap<Int32Array, Int32Array>();

/** Bucket → compact index table of a vocabulary (−1 when absent), built once per vocabulary. */
export function vocabularyLookup(vocabulary: Int32Array): Int32Array {
  let lookup = lookups.get(vocabulary);
  if (lookup === undefined) {
    lookup = new Int32Array(FEATURE_BUCKETS).fill(-1);
    for (let slot = 0; slot < vocabulary.length; slot += 1) {
      lookup[vocabulary[slot]!] = slot;
    }
    lookups.set(vocabulary, lookup);
  }
  return lookup;
}

/** ml.md §2.2: `x_s[h] = (1 + ln c_h) · idf_h` over kept buckets, L2-normalised, in compact indices. */
export function tfidfVector(counts: FeatureCounts, stats: CorpusStats): SparseVector {
  const lookup = vocabularyLookup(stats.vocabulary);
  const { buckets } = counts;
  let kept = 0;
  for (let index = 0; index < buckets.length; index += 1) {
    if (lookup[buckets[index]!]! >= 0) {
      kept += 1;
    }
  }
  const indices = new Int32Array(kept);
  const weights = new Float64Array(kept);
  let slot = 0;
  let squares = 0;
  for (let index = 0; index < buckets.length; index += 1) {
    const compact = lookup[buckets[index]!]!;
    if (compact >= 0) {
      const weight = (1 + Math.log(counts.counts[index]!)) * stats.idf[compact]!;
      // Buckets ascend and the vocabulary is in bucket order, so compact indices ascend too.
      indices[slot] = compact;
      weights[slot] = weight;
      squares += weight * weight;
      slot += 1;
    }
  }
  const values = new Float32Array(kept);
  const norm = Math.sqrt(squares);
  for (let index = 0; index < kept; index += 1) {
    values[index] = weights[index]! / norm;
  }
  return { indices, values };
}
