import { describe, expect, it } from 'vitest';

import { buildFeatureMatrix } from '../embeddings/combine-channels.js';
import { mulberry32 } from '../random.js';
import type { CorpusStats } from '../text/tfidf.js';

import { oneVsRestLogisticRegression } from './classifier.js';
import {
  MODEL_FILE_FORMAT_VERSION,
  ModelFileError,
  modelFromFile,
  modelToFile,
  type ModelFileContents,
} from './model-file.js';

const corpus: CorpusStats = {
  documentCount: 40,
  vocabulary: Int32Array.of(3, 17, 99, 1000),
  idf: Float32Array.of(1, 1.5, 2, 2.5),
};

function trainingData(seed: number) {
  const random = mulberry32(seed);
  const rows = 60;
  const labelOf = Array.from({ length: rows }, (_, row) => row % 3);
  const features = buildFeatureMatrix({
    sparse: labelOf.map((label) => ({
      indices: Int32Array.of(label, 3),
      values: Float32Array.of(0.8, 0.6),
    })),
    sparseDimensions: 4,
    dense: labelOf.map((label) => {
      const vector = Float32Array.from({ length: 3 }, () => random() - 0.5);
      vector[label] = vector[label]! + 1;
      return vector;
    }),
    denseDimensions: 3,
  });
  const labels = ['Billing', 'Billing > Refund', 'Delivery', 'Unused'];
  const targets = [
    Uint8Array.from(labelOf, (label) => (label <= 1 ? 1 : 0)),
    Uint8Array.from(labelOf, (label) => (label === 1 ? 1 : 0)),
    Uint8Array.from(labelOf, (label) => (label === 2 ? 1 : 0)),
    new Uint8Array(rows),
  ];
  return { features, labels, targets };
}

async function trainAndSerialise(seed: number): Promise<Uint8Array> {
  const data = trainingData(seed);
  const trained = await oneVsRestLogisticRegression.fit(data);
  const { params } = trained.toFile();
  const modelled = params.intercepts.length;
  return modelToFile({
    featureSpec: { channels: ['hashed-tfidf@1;D=18', 'mock@1;d=3'] },
    C: 16,
    lambdaC: 10,
    seeds: { 'model-train': 1234 },
    siftVersion: '0.1.0',
    corpus,
    denseDimensions: 3,
    groups: [
      {
        name: 'default',
        labels: params.labels,
        hasModel: params.hasModel,
        calibrationGlobal: { slope: 1.25, intercept: 4.5 },
        weights: params.weights,
        intercepts: params.intercepts,
        shifts: params.shifts,
        calibrators: Float64Array.from({ length: 2 * modelled }, (_, index) => index),
        thresholds: Float64Array.from({ length: 3 * modelled }, (_, index) =>
          index === 4 ? Number.NaN : index / 10,
        ),
      },
    ],
  });
}

describe('model file', () => {
  it('is byte-identical for the same inputs and seed (ml.md §3.7)', async () => {
    const first = await trainAndSerialise(5);
    const second = await trainAndSerialise(5);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await trainAndSerialise(6);
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('round-trips every block and header field', async () => {
    const bytes = await trainAndSerialise(5);
    const contents = modelFromFile(bytes);
    expect(contents).toMatchObject({
      featureSpec: { channels: ['hashed-tfidf@1;D=18', 'mock@1;d=3'] },
      C: 16,
      lambdaC: 10,
      seeds: { 'model-train': 1234 },
      siftVersion: '0.1.0',
      denseDimensions: 3,
    });
    expect(contents.corpus.documentCount).toBe(40);
    expect(Array.from(contents.corpus.vocabulary)).toEqual([3, 17, 99, 1000]);
    const [group] = contents.groups;
    expect(group?.labels).toEqual(['Billing', 'Billing > Refund', 'Delivery', 'Unused']);
    expect(group?.hasModel).toEqual([true, true, true, false]);
    expect(group?.calibrationGlobal).toEqual({ slope: 1.25, intercept: 4.5 });
    expect(group?.weights.length).toBe(3 * 7);
    expect(group?.thresholds[4]).toBeNaN();
    // Re-encoding the decoded contents reproduces the bytes.
    expect(Buffer.from(modelToFile(contents)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('starts with a length-prefixed canonical JSON header', async () => {
    const bytes = await trainAndSerialise(5);
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Record<
      string,
      unknown
    >;
    expect(header).toMatchObject({ format_version: 1, kind: 'ovr-logreg', C: 16, lambda_c: 10 });
    expect(Object.keys(header)).toEqual([...Object.keys(header)].sort());
  });

  it('reads from an unaligned buffer', async () => {
    const bytes = await trainAndSerialise(5);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const contents = modelFromFile(shifted.subarray(3));
    expect(Array.from(contents.groups[0]!.intercepts)).toEqual(
      Array.from(modelFromFile(bytes).groups[0]!.intercepts),
    );
  });

  it('rejects an unknown format version with a clear error', async () => {
    const bytes = await trainAndSerialise(5);
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const text = new TextDecoder().decode(bytes.subarray(4, 4 + length));
    const changed = new TextEncoder().encode(
      text.replace('"format_version":1', '"format_version":9'),
    );
    const copy = bytes.slice();
    copy.set(changed, 4);
    expect(() => modelFromFile(copy)).toThrow(
      new ModelFileError(
        `unsupported model file format_version 9 (this build reads ${MODEL_FILE_FORMAT_VERSION})`,
      ),
    );
  });

  it('rejects truncated files and inconsistent groups', async () => {
    const bytes = await trainAndSerialise(5);
    expect(() => modelFromFile(bytes.subarray(0, bytes.length - 16))).toThrow(ModelFileError);
    expect(() => modelFromFile(bytes.subarray(0, 2))).toThrow(ModelFileError);
    const contents = modelFromFile(bytes);
    const broken: ModelFileContents = {
      ...contents,
      groups: [{ ...contents.groups[0]!, hasModel: [true, true, true, true] }],
    };
    expect(() => modelToFile(broken)).toThrow(RangeError);
  });
});

describe('oneVsRestLogisticRegression', () => {
  it('declares its capabilities and predicts raw scores for modelled labels', async () => {
    expect(oneVsRestLogisticRegression).toMatchObject({
      specVersion: 1,
      multiLabel: true,
      supportsWarmStart: true,
    });
    const data = trainingData(5);
    const trained = await oneVsRestLogisticRegression.fit(data);
    expect(trained.hasModel).toEqual([true, true, true, false]);
    expect(trained.trainingLog.map((entry) => entry.label)).toEqual([
      'Billing',
      'Billing > Refund',
      'Delivery',
    ]);
    const scores = trained.predict(data.features);
    expect(scores.labels).toBe(3);
    // Row 2 is Delivery: its Delivery score beats its Billing score.
    expect(scores.values[2 * 60 + 2]!).toBeGreaterThan(scores.values[2]!);
    const reloaded = oneVsRestLogisticRegression.fromFile(trained.toFile());
    expect(Array.from(reloaded.predict(data.features).values)).toEqual(Array.from(scores.values));
  });
});
