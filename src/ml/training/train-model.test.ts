import { describe, expect, it } from 'vitest';

import { modelToFile } from '../classifier/model-file.js';
import { buildFeatureMatrix } from '../embeddings/combine-channels.js';
import { MockEmbedder } from '../testing/mock-embedder.js';
import { INTENT_UTTERANCES } from '../testing/paraphrase-fixture.js';
import { countSparseFeatures } from '../text/sparse-features.js';
import {
  createDocumentFrequencies,
  fitCorpusStats,
  tfidfVector,
  updateDocumentFrequencies,
} from '../text/tfidf.js';

import { loadModelGroups } from './score-model.js';
import { trainModel, type TrainingInput } from './train-model.js';

// ml.md §3.7 determinism and the shape of a trained model: a fixture of ten intents, with a parent label
// over two of them, trained twice from the same inputs.

const intents = Object.keys(INTENT_UTTERANCES).sort();
const rows = intents.flatMap((intent) =>
  INTENT_UTTERANCES[intent]!.map((text, index) => ({ uid: `s.${intent}-${index}`, text, intent })),
);
rows.sort((a, b) => (a.uid < b.uid ? -1 : 1));

async function input(): Promise<TrainingInput & { stats: ReturnType<typeof fitCorpusStats> }> {
  const counts = rows.map((row) => countSparseFeatures(row.text));
  const frequencies = createDocumentFrequencies();
  counts.forEach((count) => updateDocumentFrequencies(frequencies, count));
  const stats = fitCorpusStats(frequencies);
  const { vectors } = await new MockEmbedder(32).embed({ texts: rows.map((row) => row.text) });
  const features = buildFeatureMatrix({
    sparse: counts.map((count) => tfidfVector(count, stats)),
    sparseDimensions: stats.vocabulary.length,
    dense: vectors,
    denseDimensions: 32,
  });
  // `Home` is the parent of the first two intents: its targets are the union of theirs (ml.md §3.1).
  const labels = [
    'Home',
    ...intents.slice(0, 2).map((name) => `Home > ${name}`),
    ...intents.slice(2),
  ].sort();
  const assigned = new Uint8Array(labels.length * rows.length);
  rows.forEach((row, r) => {
    const name = intents.indexOf(row.intent) < 2 ? `Home > ${row.intent}` : row.intent;
    assigned[labels.indexOf(name) * rows.length + r] = 1;
  });
  return {
    uids: rows.map((row) => row.uid),
    features,
    groups: [{ name: 'default', labels, rows: Int32Array.from(rows, (_, r) => r), assigned }],
    validationMode: 'auto',
    population: { features, unreviewed: new Uint8Array(rows.length) },
    bias: null,
    retrievalMethods: rows.map(() => 'shuffle'),
    stats,
  };
}

describe('trainModel', () => {
  it('is byte-for-byte deterministic for the same inputs (ml.md §3.7)', async () => {
    const data = await input();
    const first = await trainModel(data);
    const second = await trainModel(await input());
    const file = (model: typeof first) =>
      modelToFile({
        featureSpec: { test: true },
        C: 16,
        lambdaC: 10,
        seeds: {},
        siftVersion: 'test',
        corpus: data.stats,
        denseDimensions: 32,
        groups: model.groups.map((group) => group.file),
      });
    const a = file(first);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(file(second)))).toBe(0);
    expect(first.rating.score).toBe(second.rating.score);
  });

  it('validates every label with cross-validation and scores parents at least as high as children', async () => {
    const data = await input();
    const model = await trainModel(data);
    const [group] = model.groups;
    expect(group!.mode).toBe('cross_validation');
    expect(group!.testSize).toBe(rows.length);
    const home = group!.labelValidations.find((label) => label.name === 'Home')!;
    expect(home.reviewedSize).toBe(12);
    expect(home.averagePrecision).not.toBeNull();
    for (const label of group!.labelValidations) {
      expect(label.hasModel).toBe(true);
      if (label.curve !== null && label.curve.recalls.length > 0) {
        expect(label.curve.recalls[label.curve.recalls.length - 1]).toBe(1);
      }
    }
    expect(model.rating.factors.map((factor) => factor.kind)).toEqual([
      'overall_label_health',
      'lowest_label_health',
      'coverage',
      'biased',
    ]);
    const [loaded] = loadModelGroups({
      featureSpec: null,
      C: 16,
      lambdaC: 10,
      seeds: {},
      siftVersion: 'test',
      corpus: {
        documentCount: 0,
        vocabulary: new Int32Array(data.features.sparseDimensions),
        idf: new Float32Array(data.features.sparseDimensions),
      },
      denseDimensions: 32,
      groups: [group!.file],
    });
    const probabilities = loaded!.score(data.features);
    const labels = group!.labels;
    const parent = labels.indexOf('Home');
    for (const child of [
      labels.indexOf(`Home > ${intents[0]!}`),
      labels.indexOf(`Home > ${intents[1]!}`),
    ]) {
      for (let row = 0; row < rows.length; row += 1) {
        expect(probabilities[parent * rows.length + row]!).toBeGreaterThanOrEqual(
          probabilities[child * rows.length + row]!,
        );
      }
    }
  });

  it('gives labels with few positives one shared shift, so annotation counts do not move the argmax', async () => {
    const data = await input();
    const model = await trainModel(data);
    const { file, labels } = model.groups[0]!;
    // `Home` has 12 positives and each intent 6; with its own ln(N⁻/N⁺) it would gain ln 2.25 on
    // every comment just for having been annotated more often.
    const shifts = Array.from(file.shifts);
    expect(new Set(shifts).size).toBe(1);
    const meanPositives = (12 + 6 * intents.length) / labels.length;
    expect(shifts[0]!).toBeCloseTo(Math.log((rows.length - meanPositives) / meanPositives), 10);
  });
});
