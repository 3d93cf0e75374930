import type { SparseVector } from '../sparse-vector.js';
import { FEATURE_BUCKETS } from '../text/hashing.js';
import { countSparseFeatures } from '../text/sparse-features.js';
import { tfidfVector } from '../text/tfidf.js';

import type { SparseEmbedder } from './embedder.js';

// ml.md §2.2 channel 1 behind the Embedder spec, for plain texts (a search query, an ad-hoc text).
// Stored comments go through `countSparseFeatures(fullText, structure)` directly so that their
// structure tokens (§1.4 step 3) are included; a plain text has none.

/** Embedder id of the hashed TF-IDF channel (`D = 2^18`). */
export const HASHED_TFIDF_EMBEDDER_ID = 'hashed-tfidf@1;D=18';

/** Creates the hashed TF-IDF embedder; `embed` needs the dataset's corpus snapshot as `stats`. */
export function createHashedTfidfEmbedder(): SparseEmbedder {
  return {
    specVersion: 1,
    id: HASHED_TFIDF_EMBEDDER_ID,
    kind: 'sparse',
    dimensions: FEATURE_BUCKETS,
    maxBatchSize: 1024,
    languages: 'any',
    requiresCorpusStats: true,
    async embed(input) {
      const { stats } = input;
      if (stats === undefined) {
        throw new Error(`${HASHED_TFIDF_EMBEDDER_ID} needs corpus statistics (ml.md §2.2)`);
      }
      const vectors: SparseVector[] = [];
      for (const text of input.texts) {
        input.signal?.throwIfAborted();
        vectors.push(tfidfVector(countSparseFeatures(text), stats));
      }
      return { vectors };
    },
  };
}
