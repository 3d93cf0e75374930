import { beforeAll, describe, expect, it } from 'vitest';

import { denseDot, sparseDot, vectorNorm, type SparseVector } from '../sparse-vector.js';
import { INTENT_UTTERANCES, PARAPHRASE_PAIRS } from '../testing/paraphrase-fixture.js';
import { countSparseFeatures } from '../text/sparse-features.js';
import {
  createDocumentFrequencies,
  fitCorpusStats,
  updateDocumentFrequencies,
} from '../text/tfidf.js';
import { mannWhitneyAuc } from '../validation/balance.js';

import { runEmbedderSelfTest } from './embedder-self-test.js';
import type { DenseEmbedder } from './embedder.js';
import { createHashedTfidfEmbedder } from './hashed-tfidf-embedder.js';
import { createUseLiteEmbedder } from './use-lite-embedder.js';

// ml.md §10.8 pretrained-model proof, kept fast: the model loads once (~0.5 s) and embeds ~170 short texts.

type Similarity<V> = (a: V, b: V) => number;

function paraphraseAuc<V>(first: V[], second: V[], similarity: Similarity<V>): number {
  const scores: number[] = [];
  const targets: number[] = [];
  for (let a = 0; a < first.length; a += 1) {
    for (let b = 0; b < second.length; b += 1) {
      scores.push(similarity(first[a]!, second[b]!));
      targets.push(a === b ? 1 : 0);
    }
  }
  return mannWhitneyAuc(scores, targets)!;
}

function centroidAccuracy(vectors: Float32Array[], intents: number[], intentCount: number): number {
  let correct = 0;
  for (let held = 0; held < vectors.length; held += 1) {
    let best = -1;
    let bestScore = -Infinity;
    for (let intent = 0; intent < intentCount; intent += 1) {
      const centroid = new Float64Array(vectors[0]!.length);
      vectors.forEach((vector, index) => {
        if (index !== held && intents[index] === intent) {
          vector.forEach((value, k) => (centroid[k] = centroid[k]! + value));
        }
      });
      const score = denseDot(vectors[held]!, centroid) / vectorNorm(centroid);
      if (score > bestScore) {
        best = intent;
        bestScore = score;
      }
    }
    correct += best === intents[held] ? 1 : 0;
  }
  return correct / vectors.length;
}

describe('createUseLiteEmbedder', () => {
  let embedder: DenseEmbedder;
  beforeAll(async () => {
    embedder = await createUseLiteEmbedder();
  }, 60_000);

  it('declares its capabilities and id', () => {
    expect(embedder).toMatchObject({
      kind: 'dense',
      id: 'use-lite@0.2.0;case=keep;P=128',
      dimensions: 512,
      maxBatchSize: 64,
      languages: 'en',
      requiresCorpusStats: false,
    });
  });

  it('proves the real weights loaded: paraphrase AUC ≥ 0.9 and intent accuracy ≥ 70 % (ml.md §10.8)', async () => {
    const first = PARAPHRASE_PAIRS.map((pair) => pair[0]);
    const second = PARAPHRASE_PAIRS.map((pair) => pair[1]);
    const intentNames = Object.keys(INTENT_UTTERANCES);
    const utterances = intentNames.flatMap((name) => INTENT_UTTERANCES[name]!);
    const intents = intentNames.flatMap((_, index) => Array.from({ length: 6 }, () => index));
    const { vectors } = await embedder.embed({ texts: [...first, ...second, ...utterances] });
    const pairs = PARAPHRASE_PAIRS.length;
    const auc = paraphraseAuc(vectors.slice(0, pairs), vectors.slice(pairs, 2 * pairs), denseDot);
    expect(auc).toBeGreaterThanOrEqual(0.9);
    expect(
      centroidAccuracy(vectors.slice(2 * pairs), intents, intentNames.length),
    ).toBeGreaterThanOrEqual(0.7);

    // The sparse channel alone cannot do this: it proves the dense vectors carry meaning.
    const table = createDocumentFrequencies();
    for (const text of [...first, ...second]) {
      updateDocumentFrequencies(table, countSparseFeatures(text));
    }
    const stats = fitCorpusStats(table);
    const sparse = await createHashedTfidfEmbedder().embed({ texts: [...first, ...second], stats });
    const sparseAuc = paraphraseAuc<SparseVector>(
      sparse.vectors.slice(0, pairs),
      sparse.vectors.slice(pairs),
      sparseDot,
    );
    expect(auc).toBeGreaterThan(sparseAuc);
  });

  it('returns unit vectors, and the zero vector for empty input without calling the model', async () => {
    const { vectors } = await embedder.embed({ texts: ['Hello there', '   ', ''] });
    expect(vectorNorm(vectors[0]!)).toBeCloseTo(1, 5);
    expect(vectorNorm(vectors[1]!)).toBe(0);
    expect(vectorNorm(vectors[2]!)).toBe(0);
  });

  it('gives the same vector whatever the batch', async () => {
    const alone = (await embedder.embed({ texts: ['Where is my parcel?'] })).vectors[0]!;
    const texts = [
      'a much longer sentence about something else entirely, with many words',
      'Where is my parcel?',
    ];
    const batched = (await embedder.embed({ texts })).vectors[1]!;
    expect(denseDot(alone, batched)).toBeCloseTo(1, 5);
  });

  it('passes the worker self-test (ml.md §2.6)', async () => {
    const result = await runEmbedderSelfTest(embedder);
    expect(result.ok).toBe(true);
  });

  it('handles long inputs by pre-truncating before tokenising', async () => {
    const started = performance.now();
    const { vectors } = await embedder.embed({ texts: ['refund '.repeat(30_000)] });
    expect(vectorNorm(vectors[0]!)).toBeCloseTo(1, 5);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
