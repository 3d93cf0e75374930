import type { ModelServices } from '../domain/models/model-services.js';
import { siftVersion } from '../lib/version.js';
import { createUseLiteEmbedder, type DenseEmbedder } from '../ml/index.js';

// The dense channel of one process. USE-lite is loaded lazily on first use, so processes that never
// embed (an API process that serves no ad-hoc predictions) never pay for TF.js (ml.md §2.3).

export type ClosableModelServices = ModelServices & { close(): Promise<void> };

export function createModelServices(options: { embedderProcesses: number }): ClosableModelServices {
  let embedder: Promise<DenseEmbedder> | null = null;
  void options;
  return {
    siftVersion: siftVersion(),
    denseEmbedder() {
      embedder ??= createUseLiteEmbedder();
      return embedder;
    },
    async close() {
      embedder = null;
    },
  };
}
