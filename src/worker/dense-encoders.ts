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

export const DENSE_ENCODERS: DenseEncoderFactories = {
  [MINILM_EMBEDDER_ID]: createMiniLmEmbedder,
  [useLiteEmbedderId()]: createUseLiteEmbedder,
};
