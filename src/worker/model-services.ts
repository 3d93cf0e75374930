import type { ModelServices } from '../domain/models/model-services.js';
import { siftVersion } from '../lib/version.js';
import { EmbedderUnavailableError, type DenseEmbedder } from '../ml/index.js';

import { DENSE_ENCODERS } from './dense-encoders.js';
import { createEmbedderPool } from './embedder-pool.js';
import { createFitThreads } from './fit-threads.js';

// The dense channels of one process, loaded lazily on first use, so a process that never embeds (an API
// process that serves no ad-hoc predictions) never pays for an encoder (ml.md §2.3). Each encoder is
// chosen by the id a feature spec names, so a version is always predicted with the encoder it was
// trained with. With `embedderProcesses` ≥ 1 the encoders run in that many host processes
// (architecture.md §7.5); 0 runs them in this process.

export type ClosableModelServices = ModelServices & { close(): Promise<void> };

export function createModelServices(options: {
  embedderProcesses: number;
  /** Threads that training may use (labels are spread over them); 1 = the calling thread only. */
  trainThreads?: number;
}): ClosableModelServices {
  const embedders = new Map<string, Promise<DenseEmbedder>>();
  const threads = createFitThreads(options.trainThreads ?? 1);
  const pool =
    options.embedderProcesses >= 1
      ? createEmbedderPool({ hosts: options.embedderProcesses })
      : null;
  return {
    siftVersion: siftVersion(),
    fit: threads.fit,
    denseEmbedder(id) {
      if (pool !== null) {
        return pool.denseEmbedder(id);
      }
      let embedder = embedders.get(id);
      if (embedder === undefined) {
        const factory = DENSE_ENCODERS[id];
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
      await Promise.all([threads.close(), pool?.close()]);
    },
  };
}
