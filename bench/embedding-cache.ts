import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Deps } from '../src/domain/deps.js';
import { featureSpecOf, type PreparedComment } from '../src/domain/models/comment-features.js';
import { systemClock } from '../src/lib/clock.js';
import { formatMicros } from '../src/lib/timestamps.js';
import type { DenseEmbedder } from '../src/ml/index.js';
import type { Store } from '../src/store/store.js';

// Benchmarks time training and prediction "with dense vectors already cached" (ml.md §10.6), so the
// vectors of shipped texts are embedded once per machine and kept in a git-ignored file, then copied
// into each benchmark's fresh store.

const DIRECTORY = fileURLToPath(new URL('../.cache/embeddings/', import.meta.url));
const HASH_BYTES = 32;

function fileOf(embedderId: string): string {
  return `${DIRECTORY}${embedderId.replace(/[^A-Za-z0-9.=@-]+/g, '_')}.f32`;
}

/** The cached vectors of one embedder, by sha256 of the encoder input. */
export function loadCachedVectors(
  embedderId: string,
  dimensions: number,
): Map<string, Float32Array> {
  const vectors = new Map<string, Float32Array>();
  const file = fileOf(embedderId);
  if (!existsSync(file)) {
    return vectors;
  }
  const bytes = readFileSync(file);
  const record = HASH_BYTES + 4 * dimensions;
  for (let offset = 0; offset + record <= bytes.length; offset += record) {
    const hash = bytes.subarray(offset, offset + HASH_BYTES).toString('hex');
    const vector = new Float32Array(dimensions);
    new Uint8Array(vector.buffer).set(bytes.subarray(offset + HASH_BYTES, offset + record));
    vectors.set(hash, vector);
  }
  return vectors;
}

function save(embedderId: string, vectors: Map<string, Float32Array>): void {
  mkdirSync(DIRECTORY, { recursive: true });
  const parts: Buffer[] = [];
  for (const [hash, vector] of vectors) {
    parts.push(Buffer.from(hash, 'hex'));
    parts.push(Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
  }
  writeFileSync(fileOf(embedderId), Buffer.concat(parts));
}

/** Fills `store`'s embeddings cache for these (hash, encoder input) pairs, embedding only unseen texts. */
export async function prefillEmbeddings(
  store: Store,
  embedder: DenseEmbedder,
  inputs: readonly { hash: string; text: string }[],
  at: string,
): Promise<{ embedded: number }> {
  const cached = loadCachedVectors(embedder.id, embedder.dimensions);
  const missing = [...new Map(inputs.map((input) => [input.hash, input.text]))].filter(
    ([hash]) => !cached.has(hash),
  );
  for (let start = 0; start < missing.length; start += 1024) {
    const chunk = missing.slice(start, start + 1024);
    const { vectors } = await embedder.embed({ texts: chunk.map(([, text]) => text) });
    chunk.forEach(([hash], index) => cached.set(hash, vectors[index]!));
    process.stderr.write(`embedded ${Math.min(start + 1024, missing.length)}/${missing.length}\n`);
  }
  if (missing.length > 0) {
    save(embedder.id, cached);
  }
  const entries = inputs.map((input) => ({ hash: input.hash, vector: cached.get(input.hash)! }));
  await store.embeddings.putMany(embedder.id, entries, at);
  return { embedded: missing.length };
}

/** The family's dense vectors of these prepared comments or documents, copied into the store. */
export async function prefillPrepared(
  deps: Pick<Deps, 'store' | 'models'>,
  prepared: readonly PreparedComment[],
  family = 'english',
): Promise<void> {
  const dense = featureSpecOf(family).dense;
  if (dense === null) {
    return;
  }
  await prefillEmbeddings(
    deps.store,
    await deps.models.denseEmbedder(dense),
    prepared.flatMap((item) =>
      item.encoderHash === null ? [] : [{ hash: item.encoderHash, text: item.encoderInput }],
    ),
    formatMicros(systemClock.nowMicros()),
  );
}
