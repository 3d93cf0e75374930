import type { DenseEmbedder, OvrFitter } from '../../ml/index.js';

/**
 * What model jobs and prediction routes need beyond the store: the dense channel (embedder host pool in
 * a worker, ml.md §2.3) and the version string written into model files. Built once per process.
 */
export type ModelServices = {
  /**
   * Resolves the dense embedder with this id (a feature spec's `dense`, so versions keep the encoder
   * they were trained with), or rejects with `EmbedderUnavailableError` (ml.md §2.6).
   */
  denseEmbedder(id: string): Promise<DenseEmbedder>;
  readonly siftVersion: string;
  /** Fits one-vs-rest models (spread over threads in a worker); in-process when absent. */
  readonly fit?: OvrFitter;
};
