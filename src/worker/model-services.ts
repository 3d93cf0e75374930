import type { ModelServices } from '../domain/models/model-services.js';
import { siftVersion } from '../lib/version.js';
import {
  createMiniLmEmbedder,
  createUseLiteEmbedder,
  EmbedderUnavailableError,
  MINILM_EMBEDDER_ID,
  useLiteEmbedderId,
  type DenseEmbedder,
} from '../ml/index.js';

import { createFitThreads } from './fit-threads.js';

// The dense channels of one process, loaded lazily on first use, so a process that never embeds (an API
// process that serves no ad-hoc predictions) never pays for an encoder (ml.md §2.3). Each encoder is
// chosen by the id a feature spec names, so a version is always predicted with the encoder it was
// trained with.

export type ClosableModelServices = ModelServices & { close(): Promise<void> };

const FACTORIES: Readonly<Record<string, () => Promise<DenseEmbedder>>> = {
  [MINILM_EMBEDDER_ID]: createMiniLmEmbedder,
  [useLiteEmbedderId()]: createUseLiteEmbedder,
};

export function createModelServices(options: {
  embedderProcesses: number;
  /** Threads that training may use (labels are spread over them); 1 = the calling thread only. */
  trainThreads?: number;
}): ClosableModelServices {
  const embedders = new Map<string, Promise<DenseEmbedder>>();
  const threads = createFitThreads(options.trainThreads ?? 1);
  return {
    siftVersion: siftVersion(),
    fit: threads.fit,
    denseEmbedder(id) {
      let embedder = embedders.get(id);
      if (embedder === undefined) {
        const factory = FACTORIES[id];
        embedder =
          factory === undefined
            ? Promise.reject(new EmbedderUnavailableError(id, 'this build has no such encoder'))
            : factory();
        embedders.set(id, embedder);
      }
      return embedder;
    },
    async close() {
      embedders.clear();
      await threads.close();
    },
  };
}
