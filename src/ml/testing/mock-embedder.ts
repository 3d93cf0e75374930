import type { DenseEmbedder, EmbedInput } from '../embeddings/embedder.js';
import { normalizeInPlace } from '../sparse-vector.js';
import { murmur3 } from '../text/hashing.js';

// architecture.md §9: mocks are classes that record calls. Vectors are derived from the text's words, so
// equal texts get equal vectors and texts sharing words are similar — enough for pipeline tests.

/** A deterministic dense embedder for tests; `embedCalls` records every call's texts. */
export class MockEmbedder implements DenseEmbedder {
  readonly specVersion = 1;
  readonly kind = 'dense';
  readonly maxBatchSize = 64;
  readonly languages = 'any';
  readonly requiresCorpusStats = false;
  readonly embedCalls: string[][] = [];

  constructor(
    readonly dimensions = 16,
    readonly id = `mock@1;d=${dimensions}`,
  ) {}

  async embed(input: EmbedInput): Promise<{ vectors: Float32Array[] }> {
    this.embedCalls.push([...input.texts]);
    const vectors = input.texts.map((text) => {
      const vector = new Float32Array(this.dimensions);
      for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        const hash = murmur3(word);
        vector[hash % this.dimensions] =
          vector[hash % this.dimensions]! + ((hash >>> 16) & 1 ? 1 : -1);
      }
      return normalizeInPlace(vector);
    });
    return { vectors };
  }
}
