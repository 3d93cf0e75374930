import { EmbedderUnavailableError, sparseDot, tfidfVector } from '../../ml/index.js';
import type { CommentRecord, DatasetRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { AppError, invalid } from '../errors.js';
import {
  corpusStatsOf,
  denseVectors,
  featureSpecOf,
  prepareComment,
  prepareDocument,
} from '../models/comment-features.js';
import { now } from '../time.js';

// ml.md §6.1 `semantic_search` (a Sift addition): comments nearest to the query text by cosine of
// their dense vectors (the sparse TF-IDF vectors for families without a dense channel), at most 1,024.

export const MAX_SEMANTIC_RESULTS = 1024;

/** Ranking keys (ascending = most similar first) of the most similar comments, by uid. */
export async function semanticSearchKeys(
  context: CallContext,
  dataset: DatasetRecord,
  comments: readonly CommentRecord[],
  query: string | undefined,
): Promise<Map<string, string>> {
  if (query === undefined || query.trim() === '') {
    throw invalid("order.query is required for order 'semantic_search'");
  }
  const prepared = comments.map(prepareComment);
  const probe = prepareDocument('query', [{ body: { text: query } }]);
  const spec = featureSpecOf(dataset.model_family);
  let similarity: number[];
  if (spec.dense !== null) {
    try {
      const embedder = await context.deps.models.denseEmbedder(spec.dense);
      const at = now(context.deps);
      const [queryVector] = await denseVectors(
        context.deps.store,
        embedder,
        [probe],
        at,
        undefined,
        {
          persist: false,
        },
      );
      const vectors = await denseVectors(context.deps.store, embedder, prepared, at);
      similarity = vectors.map((vector) => {
        if (vector === null || queryVector === null || queryVector === undefined) {
          return -1;
        }
        let dot = 0;
        for (let index = 0; index < vector.length; index += 1) {
          dot += vector[index]! * queryVector[index]!;
        }
        return dot;
      });
    } catch (error) {
      if (error instanceof EmbedderUnavailableError) {
        throw new AppError('embedder_unavailable', error.message, { cause: error });
      }
      throw error;
    }
  } else {
    const stats = corpusStatsOf(prepared);
    const queryVector = tfidfVector(probe.counts, stats);
    similarity = prepared.map((comment) =>
      sparseDot(tfidfVector(comment.counts, stats), queryVector),
    );
  }
  const order = prepared
    .map((comment, index) => ({ uid: comment.uid, similarity: similarity[index]! }))
    .sort((a, b) => b.similarity - a.similarity || (a.uid < b.uid ? -1 : 1))
    .slice(0, MAX_SEMANTIC_RESULTS);
  return new Map(
    order.map((entry) => [entry.uid, Math.min(2, Math.max(0, 1 - entry.similarity)).toFixed(12)]),
  );
}
