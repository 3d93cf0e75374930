import type { SparseVector } from '../sparse-vector.js';
import type { CorpusStats } from '../text/tfidf.js';

// ml.md §2.1: every feature channel implements this one spec type. Shared code reads the capability
// fields (`kind`, `languages`, `requiresCorpusStats`) and never asks which implementation it holds.

/** What an embedder is asked to embed. */
export type EmbedInput = {
  readonly texts: readonly string[];
  /** The corpus snapshot; required when `requiresCorpusStats` is true. */
  readonly stats?: CorpusStats | undefined;
  readonly signal?: AbortSignal | undefined;
};

/** Vectors parallel to the input texts, each L2-normalised or exactly zero. */
export type EmbedResult<V> = { vectors: V[] };

type EmbedderCapabilities = {
  readonly specVersion: 1;
  /** Everything that changes the output, e.g. `use-lite@0.2.0;case=keep;P=128`, `hashed-tfidf@1;D=18`. */
  readonly id: string;
  readonly dimensions: number;
  readonly maxBatchSize: number;
  readonly languages: 'en' | 'any';
  readonly requiresCorpusStats: boolean;
};

/** A dense channel: one `Float32Array(dimensions)` per text. */
export type DenseEmbedder = EmbedderCapabilities & {
  readonly kind: 'dense';
  embed(input: EmbedInput): Promise<EmbedResult<Float32Array>>;
};

/** A sparse channel: one {@link SparseVector} per text, indices below `dimensions`. */
export type SparseEmbedder = EmbedderCapabilities & {
  readonly kind: 'sparse';
  embed(input: EmbedInput): Promise<EmbedResult<SparseVector>>;
};

/** The `Embedder` spec of ml.md §2.1 (architecture.md §9). */
export type Embedder = DenseEmbedder | SparseEmbedder;

/**
 * A channel required by the feature spec cannot produce vectors (ml.md §2.6). The worker maps it to the
 * `embedder_unavailable` error code; it is never answered with a reduced channel set or zero vectors.
 */
export class EmbedderUnavailableError extends Error {
  override readonly name = 'EmbedderUnavailableError';
  readonly code = 'embedder_unavailable';

  constructor(
    readonly embedderName: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`Sentence embedder '${embedderName}' is unavailable: ${reason}`, {
      cause: options.cause,
    });
  }
}
