import type { ModelServices } from '../domain/models/model-services.js';
import { siftVersion } from '../lib/version.js';
import { createUseLiteEmbedder, type DenseEmbedder } from '../ml/index.js';

import { createFitThreads } from './fit-threads.js';

// The dense channel of one process. USE-lite is loaded lazily on first use, so processes that never
// embed (an API process that serves no ad-hoc predictions) never pay for TF.js (ml.md §2.3).

export type ClosableModelServices = ModelServices & { close(): Promise<void> };

export function createModelServices(options: {
  embedderProcesses: number;
  /** Threads that training may use (labels are spread over them); 1 = the calling thread only. */
  trainThreads?: number;
}): ClosableModelServices {
  let embedder: Promise<DenseEmbedder> | null = null;
  const threads = createFitThreads(options.trainThreads ?? 1);
  return {
    siftVersion: siftVersion(),
    fit: threads.fit,
    denseEmbedder() {
      embedder ??= createUseLiteEmbedder();
      return embedder;
    },
    async close() {
      embedder = null;
      await threads.close();
    },
  };
}
