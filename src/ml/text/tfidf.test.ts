import { describe, expect, it } from 'vitest';

import { FEATURE_BUCKETS } from './hashing.js';
import {
  createDocumentFrequencies,
  fitCorpusStats,
  sumDocumentFrequencies,
  tfidfVector,
  updateDocumentFrequencies,
} from './tfidf.js';

const counts = (buckets: number[], values: number[]) => ({
  buckets: Int32Array.from(buckets),
  counts: Int32Array.from(values),
});

describe('document frequencies', () => {
  it('add and remove commutatively and sum across sources', () => {
    const a = createDocumentFrequencies();
    updateDocumentFrequencies(a, counts([1, 5], [2, 1]));
    updateDocumentFrequencies(a, counts([5], [3]));
    const b = createDocumentFrequencies();
    updateDocumentFrequencies(b, counts([5, 9], [1, 1]));
    updateDocumentFrequencies(b, counts([9], [4]));
    updateDocumentFrequencies(b, counts([9], [4]), -1);
    const total = sumDocumentFrequencies([a, b]);
    expect(total.documentCount).toBe(3);
    expect([total.frequencies[1], total.frequencies[5], total.frequencies[9]]).toEqual([1, 3, 1]);
    expect(total.frequencies.length).toBe(FEATURE_BUCKETS);
  });
});

describe('fitCorpusStats', () => {
  it('keeps buckets with df ≥ 1 below 50 documents, with idf = ln((1+N)/(1+df)) + 1', () => {
    const table = createDocumentFrequencies();
    table.documentCount = 3;
    table.frequencies[7] = 1;
    table.frequencies[3] = 3;
    const stats = fitCorpusStats(table);
    expect(Array.from(stats.vocabulary)).toEqual([3, 7]);
    expect(stats.idf[0]).toBeCloseTo(Math.log(4 / 4) + 1, 6);
    expect(stats.idf[1]).toBeCloseTo(Math.log(4 / 2) + 1, 6);
  });

  it('drops buckets seen in one document from 50 documents on', () => {
    const table = createDocumentFrequencies();
    table.documentCount = 50;
    table.frequencies[7] = 1;
    table.frequencies[3] = 2;
    expect(Array.from(fitCorpusStats(table).vocabulary)).toEqual([3]);
  });
});

describe('tfidfVector', () => {
  it('weights by (1 + ln c)·idf over kept buckets and L2-normalises', () => {
    const table = createDocumentFrequencies();
    table.documentCount = 3;
    table.frequencies[2] = 1;
    table.frequencies[4] = 3;
    const stats = fitCorpusStats(table);
    const vector = tfidfVector(counts([2, 4, 99], [1, 3, 5]), stats);
    expect(Array.from(vector.indices)).toEqual([0, 1]);
    const a = 1 * stats.idf[0]!;
    const b = (1 + Math.log(3)) * stats.idf[1]!;
    const norm = Math.hypot(a, b);
    expect(vector.values[0]).toBeCloseTo(a / norm, 6);
    expect(vector.values[1]).toBeCloseTo(b / norm, 6);
  });

  it('returns the zero vector when nothing is in the vocabulary', () => {
    const stats = fitCorpusStats(createDocumentFrequencies());
    expect(tfidfVector(counts([1], [1]), stats).indices.length).toBe(0);
  });
});
