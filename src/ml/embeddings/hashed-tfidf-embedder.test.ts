import { describe, expect, it } from 'vitest';

import { vectorNorm } from '../sparse-vector.js';
import { countSparseFeatures } from '../text/sparse-features.js';
import {
  createDocumentFrequencies,
  fitCorpusStats,
  updateDocumentFrequencies,
} from '../text/tfidf.js';

import { createHashedTfidfEmbedder } from './hashed-tfidf-embedder.js';

describe('createHashedTfidfEmbedder', () => {
  const texts = ['refund my order', 'where is my order', 'refund please'];
  const table = createDocumentFrequencies();
  for (const text of texts) {
    updateDocumentFrequencies(table, countSparseFeatures(text));
  }
  const stats = fitCorpusStats(table);
  const embedder = createHashedTfidfEmbedder();

  it('declares its capabilities', () => {
    expect(embedder).toMatchObject({ kind: 'sparse', requiresCorpusStats: true, languages: 'any' });
  });

  it('returns L2-normalised sparse vectors in compact indices', async () => {
    const { vectors } = await embedder.embed({ texts, stats });
    for (const vector of vectors) {
      expect(vectorNorm(vector.values)).toBeCloseTo(1, 6);
      expect(Math.max(...vector.indices)).toBeLessThan(stats.vocabulary.length);
    }
  });

  it('refuses to embed without corpus statistics', async () => {
    await expect(embedder.embed({ texts })).rejects.toThrow(/corpus statistics/);
  });
});
