import { sha256Hex } from '../../lib/hash.js';
import {
  buildFeatureMatrix,
  countSparseFeatures,
  createDocumentFrequencies,
  encoderInputText,
  fitCorpusStats,
  HASHED_TFIDF_EMBEDDER_ID,
  prepareCommentText,
  tfidfVector,
  updateDocumentFrequencies,
  MINILM_EMBEDDER_ID,
  type CorpusStats,
  type DenseEmbedder,
  type FeatureCounts,
  type FeatureMatrix,
} from '../../ml/index.js';
import type { CommentRecord, Store } from '../../store/store.js';

// ml.md §1–§2 for stored comments and ad-hoc documents: text preparation, sparse counts, the corpus
// snapshot, and dense vectors read from (or written to) the content-addressed embeddings cache.

/** The channels of a model family (ml.md §2.6). */
export type FeatureSpec = {
  readonly family: string;
  readonly sparse: string;
  /** The dense embedder id, or null for sparse-only families. */
  readonly dense: string | null;
};

const SPARSE_ONLY_FAMILIES = new Set(['german', 'german-dev', 'transformer-xlm']);

/**
 * ml.md §2.6 with §10.7 lever 7 adopted: English families use the sparse channel and all-MiniLM-L6-v2
 * (it beat USE-lite by 1.5–5 points on CLINC150, HWU64 and Bitext at 5 and 10 shots, README); German
 * and XLM families use the sparse channel only.
 */
export function featureSpecOf(family: string): FeatureSpec {
  if (family === 'random') {
    return { family, sparse: HASHED_TFIDF_EMBEDDER_ID, dense: null };
  }
  return {
    family,
    sparse: HASHED_TFIDF_EMBEDDER_ID,
    dense: SPARSE_ONLY_FAMILIES.has(family) ? null : MINILM_EMBEDDER_ID,
  };
}

/** `validation.model_kind`, e.g. `cm:hashed-tfidf@1+use-lite@0.2.0`. */
export function modelKindOf(spec: FeatureSpec): string {
  const names = [spec.sparse, spec.dense]
    .filter((id): id is string => id !== null)
    .map((id) => id.split(';')[0]!);
  return `cm:${names.join('+')}`;
}

/** A comment (or document) prepared once: the sparse counts and the key of its dense vector. */
export type PreparedComment = {
  readonly uid: string;
  readonly primaryText: string;
  readonly counts: FeatureCounts;
  /** The encoder input; empty when the comment has no primary text (`dense_empty`). */
  readonly encoderInput: string;
  readonly encoderHash: string | null;
};

type Messages = Parameters<typeof prepareCommentText>[0]['messages'];

/** Prepares any comment-shaped value (stored comments and ad-hoc documents alike). */
export function prepareDocument(
  uid: string,
  messages: unknown[],
  attachments: { name?: unknown }[] = [],
): PreparedComment {
  const prepared = prepareCommentText({
    messages: messages as Messages,
    attachments: attachments
      .filter((item): item is { name: string } => typeof item.name === 'string')
      .map((item) => ({ name: item.name })),
  });
  const encoderInput = encoderInputText(prepared.primaryText);
  return {
    uid,
    primaryText: prepared.primaryText,
    counts: countSparseFeatures(prepared.fullText, prepared.structure),
    encoderInput,
    encoderHash: encoderInput === '' ? null : sha256Hex(encoderInput),
  };
}

export function prepareComment(comment: CommentRecord): PreparedComment {
  return prepareDocument(
    `${comment.source_id}.${comment.id}`,
    comment.messages,
    comment.attachments,
  );
}

/** ml.md §2.2 corpus snapshot over the dataset's comments (reviewed or not). */
export function corpusStatsOf(comments: readonly PreparedComment[]): CorpusStats {
  const frequencies = createDocumentFrequencies();
  for (const comment of comments) {
    updateDocumentFrequencies(frequencies, comment.counts);
  }
  return fitCorpusStats(frequencies);
}

/**
 * Dense vectors of the comments, parallel to the input (null = `dense_empty`). Cached vectors are read
 * from the store; the others are embedded once and written back (unless `persist: false`, for ad-hoc
 * documents that must leave nothing behind), so no stored comment is embedded twice.
 */
export async function denseVectors(
  store: Store,
  embedder: DenseEmbedder,
  comments: readonly PreparedComment[],
  at: string,
  signal?: AbortSignal,
  options: {
    persist?: boolean;
    /** Called after each embedded chunk with the texts embedded so far and how many were missing. */
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<(Float32Array | null)[]> {
  const hashes = comments.flatMap((comment) =>
    comment.encoderHash === null ? [] : [comment.encoderHash],
  );
  const cached = await store.embeddings.getMany(embedder.id, hashes);
  const missing = new Map<string, string>();
  for (const comment of comments) {
    if (comment.encoderHash !== null && !cached.has(comment.encoderHash)) {
      missing.set(comment.encoderHash, comment.encoderInput);
    }
  }
  if (missing.size > 0) {
    const entries = [...missing];
    // Smaller chunks when someone watches the progress; 2048 otherwise keeps the host round trips few.
    const chunk = options.onProgress === undefined ? 2048 : 32;
    for (let start = 0; start < entries.length; start += chunk) {
      signal?.throwIfAborted();
      const slice = entries.slice(start, start + chunk);
      const { vectors } = await embedder.embed({ texts: slice.map(([, text]) => text), signal });
      const written = slice.map(([hash], index) => ({ hash, vector: vectors[index]! }));
      written.forEach((entry) => cached.set(entry.hash, entry.vector));
      if (options.persist !== false) {
        await store.embeddings.putMany(embedder.id, written, at);
      }
      options.onProgress?.(Math.min(start + chunk, entries.length), entries.length);
    }
  }
  return comments.map((comment) =>
    comment.encoderHash === null ? null : (cached.get(comment.encoderHash) ?? null),
  );
}

/** The feature matrix of ml.md §2.4 under a corpus snapshot. */
export function featureMatrixOf(
  comments: readonly PreparedComment[],
  stats: CorpusStats,
  dense: { vectors: readonly (Float32Array | null)[]; dimensions: number } | null,
): FeatureMatrix {
  return buildFeatureMatrix({
    sparse: comments.map((comment) => tfidfVector(comment.counts, stats)),
    sparseDimensions: stats.vocabulary.length,
    dense: dense?.vectors,
    denseDimensions: dense?.dimensions,
  });
}
