import { availableParallelism } from 'node:os';

import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import {
  createMiniLmEmbedder,
  createUseLiteEmbedder,
  MINILM_EMBEDDER_ID,
  useLiteEmbedderId,
  type DenseEmbedder,
} from '../ml/index.js';

// The dense encoders this build can load, by the id a feature spec names. Shared by the in-process
// model services and the embedder hosts (architecture.md §7.5) so both load exactly the same encoders.

export type DenseEncoderFactories = Readonly<Record<string, () => Promise<DenseEmbedder>>>;

/**
 * Threads of one native MiniLM forward pass: `SIFT_EMBEDDER_THREADS`, which the embedder pool sets
 * for its hosts (cores ÷ hosts), or every core in a process that embeds in-process.
 */
function miniLmThreads(): number {
  const configured = Number(process.env['SIFT_EMBEDDER_THREADS']);
  return Number.isInteger(configured) && configured >= 1 ? configured : availableParallelism();
}

function createMiniLm(): Promise<DenseEmbedder> {
  return createMiniLmEmbedder({
    threads: miniLmThreads(),
    warn: (message, details) => {
      createLogger(loadConfig()).child({ process: 'embedder' }).warn(details, message);
    },
  });
}

export const DENSE_ENCODERS: DenseEncoderFactories = {
  [MINILM_EMBEDDER_ID]: createMiniLm,
  [useLiteEmbedderId()]: createUseLiteEmbedder,
};
