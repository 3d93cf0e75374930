import { readFile } from 'node:fs/promises';

import * as ort from 'onnxruntime-node';

import { buildMiniLmGraph, readSafetensors, type BertConfig } from './minilm-onnx-graph.js';
import { createWordPieceTokenizer, type WordPieceTokenizer } from './wordpiece-tokenizer.js';

// The native engine for all-MiniLM-L6-v2 (issue #14): the graph of minilm-onnx-graph.ts run by
// onnxruntime-node's CPU provider. Only this module imports onnxruntime-node (lint rule), and the
// MiniLM embedder imports it lazily, so a process that never embeds never loads the native library,
// and one where it cannot load falls back to the WebAssembly engine.
//
// Texts are tokenized, sorted by length and cut into batches of similar length, so padding (which
// the mask keeps out of the result) costs little: a batch holds at most TOKENS_PER_BATCH padded
// tokens and MAX_ROWS texts, and its longest text is at most a quarter (+ 8 tokens) longer than its
// shortest.

/** Padded tokens per forward pass: large enough to keep the MatMuls efficient, small for memory. */
const TOKENS_PER_BATCH = 4096;
const MAX_ROWS = 128;

export type NativeMiniLmFiles = {
  readonly weightsPath: string;
  readonly tokenizerPath: string;
  readonly configPath: string;
  readonly maxTokens: number;
};

export type NativeMiniLmOptions = {
  /** Threads of one forward pass (`intraOpNumThreads`). */
  readonly threads: number;
};

export type NativeMiniLm = {
  readonly dimensions: number;
  readonly tokenizer: WordPieceTokenizer;
  /** Mean-pooled (not yet normalised) vectors, parallel to `texts`. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
};

type ConfigJson = {
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
  layer_norm_eps?: number;
  hidden_act?: string;
  model_type?: string;
};

function bertConfig(json: ConfigJson): BertConfig {
  if (json.model_type !== 'bert' || (json.hidden_act ?? 'gelu') !== 'gelu') {
    throw new Error(`expected a BERT model with GELU, got ${json.model_type ?? 'unknown'}`);
  }
  return {
    hiddenSize: json.hidden_size,
    layers: json.num_hidden_layers,
    heads: json.num_attention_heads,
    intermediateSize: json.intermediate_size,
    maxPositions: json.max_position_embeddings,
    layerNormEps: json.layer_norm_eps ?? 1e-12,
  };
}

/** Groups text indices into batches of similar token counts. */
export function lengthBatches(lengths: readonly number[]): number[][] {
  const order = lengths.map((_, index) => index).sort((a, b) => lengths[a]! - lengths[b]!);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    // Sorted ascending, so the text being added is the longest of its batch and the first the shortest.
    const length = lengths[index]!;
    const padded = (current.length + 1) * length;
    const spread = current.length > 0 && length > lengths[current[0]!]! * 1.25 + 8;
    if (current.length > 0 && (padded > TOKENS_PER_BATCH || current.length >= MAX_ROWS || spread)) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) {
    batches.push(current);
  }
  return batches;
}

export async function createNativeMiniLm(
  files: NativeMiniLmFiles,
  options: NativeMiniLmOptions,
): Promise<NativeMiniLm> {
  const [weightBytes, tokenizerText, configText] = await Promise.all([
    readFile(files.weightsPath),
    readFile(files.tokenizerPath, 'utf8'),
    readFile(files.configPath, 'utf8'),
  ]);
  const config = bertConfig(JSON.parse(configText) as ConfigJson);
  const tokenizer = createWordPieceTokenizer(
    JSON.parse(tokenizerText) as Parameters<typeof createWordPieceTokenizer>[0],
    Math.min(files.maxTokens, config.maxPositions),
  );
  const graph = buildMiniLmGraph(readSafetensors(weightBytes), config);
  const session = await ort.InferenceSession.create(graph, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    // Idle threads sleep instead of spinning: with 2 threads, spinning cost ~25 % more CPU per text for
    // no speed-up on a 2-core machine, CPU the server, the worker and training threads need.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const dimensions = config.hiddenSize;

  const run = async (ids: readonly Int32Array[]): Promise<Float32Array[]> => {
    const width = Math.max(...ids.map((row) => row.length));
    const inputIds = new BigInt64Array(ids.length * width);
    const mask = new Float32Array(ids.length * width);
    ids.forEach((row, r) => {
      for (let t = 0; t < row.length; t += 1) {
        inputIds[r * width + t] = BigInt(row[t]!);
        mask[r * width + t] = 1;
      }
    });
    const output = await session.run({
      input_ids: new ort.Tensor('int64', inputIds, [ids.length, width]),
      attention_mask: new ort.Tensor('float32', mask, [ids.length, width]),
    });
    const embedding = output['embedding'];
    if (embedding === undefined || embedding.dims[1] !== dimensions) {
      throw new Error('the model returned no embedding of the expected size');
    }
    const data = embedding.data as Float32Array;
    return ids.map((_, r) => data.slice(r * dimensions, (r + 1) * dimensions));
  };

  return {
    dimensions,
    tokenizer,
    async embed(texts, signal) {
      const ids = texts.map((text) => tokenizer.encode(text));
      const vectors: Float32Array[] = new Array<Float32Array>(texts.length);
      for (const batch of lengthBatches(ids.map((row) => row.length))) {
        signal?.throwIfAborted();
        const rows = await run(batch.map((index) => ids[index]!));
        batch.forEach((index, r) => {
          vectors[index] = rows[r]!;
        });
      }
      return vectors;
    },
  };
}
