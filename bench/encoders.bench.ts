// `npm run bench -- encoders [--seeds 3] [--shots 5,10] [--max-test 2000] [--datasets clinc150,hwu64,bitext]
// [--fixture FILE] [--skip-throughput]`: ml.md §10.7 lever 7. k-shot accuracy of the channel
// configurations sparse+USE-lite (the default), sparse+MiniLM, sparse+USE-lite+MiniLM (equal weights
// 1/√3) and MiniLM alone (plus sparse alone and USE-lite alone as references) on CLINC150 (in-scope),
// HWU64 and Bitext (test = fold 0), with the k-shot sampling of ml.md §10.2 and the production feature
// and fitting code (prepareDocument, corpusStatsOf, buildFeatureMatrix, fitOneVsRestAsync), and the
// embedding throughput of both encoders. Dense vectors are cached in .cache/embeddings/ (git-ignored),
// keyed by embedder id and the sha256 of the encoder input. Ends with one JSON line.
//
// Scoring: one-vs-rest over the leaf labels only, argmax of the raw scores, ties by label name (the
// calibrated probabilities of production are monotone per label but not across labels; this compares
// channel sets, not calibration).
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import {
  corpusStatsOf,
  prepareDocument,
  type PreparedComment,
} from '../src/domain/models/comment-features.js';
import {
  buildFeatureMatrix,
  createLinearScorer,
  createMiniLmEmbedder,
  createUseLiteEmbedder,
  DEFAULT_C,
  fitOneVsRestAsync,
  mulberry32,
  shuffleInPlace,
  tfidfVector,
  type CorpusStats,
  type DenseEmbedder,
  type SparseVector,
} from '../src/ml/index.js';

import { machine } from './machine.js';
import { readDataset } from './shared-data.js';

const args = process.argv.slice(3);
function option(name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}
const seeds = Number(option('seeds') ?? 3);
const shots = (option('shots') ?? '5,10').split(',').map(Number);
const maxTest = Number(option('max-test') ?? 2000);
const datasetNames = (option('datasets') ?? 'clinc150,hwu64,bitext').split(',');
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const fixturePath =
  option('fixture') ?? `${repoRoot}test/fixtures/clinc150-banking/utterances.jsonl`;
const skipThroughput = args.includes('--skip-throughput');
const cacheDir = `${repoRoot}.cache/embeddings/`;

type Item = { id: string; text: string; label: string };
type Task = { name: string; all: Item[]; pool: Item[]; test: Item[]; testNote: string };

// ---------------------------------------------------------------------------------------------------
// Dense vectors: an append-only file per embedder of (32-byte sha256, float32 × dims) records.

type VectorCache = { embedder: DenseEmbedder; file: string; vectors: Map<string, Float32Array> };

function openCache(embedder: DenseEmbedder): VectorCache {
  mkdirSync(cacheDir, { recursive: true });
  const file = `${cacheDir}${embedder.id.replace(/[^a-zA-Z0-9.@=-]+/g, '_')}.f32`;
  const vectors = new Map<string, Float32Array>();
  if (existsSync(file)) {
    const bytes = readFileSync(file);
    const record = 32 + 4 * embedder.dimensions;
    for (let offset = 0; offset + record <= bytes.length; offset += record) {
      const hash = bytes.subarray(offset, offset + 32).toString('hex');
      const copy = new Uint8Array(bytes.subarray(offset + 32, offset + record));
      vectors.set(hash, new Float32Array(copy.buffer));
    }
  }
  return { embedder, file, vectors };
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

async function embedMissing(cache: VectorCache, texts: readonly string[]): Promise<number> {
  const missing = [...new Set(texts.filter((text) => text !== ''))].filter(
    (text) => !cache.vectors.has(hashOf(text)),
  );
  const chunk = cache.embedder.maxBatchSize;
  for (let start = 0; start < missing.length; start += chunk) {
    const slice = missing.slice(start, start + chunk);
    const { vectors } = await cache.embedder.embed({ texts: slice });
    const parts: Buffer[] = [];
    slice.forEach((text, index) => {
      const hash = hashOf(text);
      const vector = vectors[index]!;
      cache.vectors.set(hash, vector);
      parts.push(
        Buffer.from(hash, 'hex'),
        Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
      );
    });
    appendFileSync(cache.file, Buffer.concat(parts));
    process.stderr.write(`  ${cache.embedder.id}: ${start + slice.length}/${missing.length}\n`);
  }
  return missing.length;
}

function cached(cache: VectorCache, text: string): Float32Array | null {
  if (text === '') {
    return null;
  }
  const vector = cache.vectors.get(hashOf(text));
  if (vector === undefined) {
    throw new Error(`no cached ${cache.embedder.id} vector for '${text}'`);
  }
  return vector;
}

// ---------------------------------------------------------------------------------------------------
// Data (ml.md §10.2).

/** Every `ceil(n / max)`-th record in id order when the test set is larger than `max`. */
function subsample(test: Item[], max: number): { test: Item[]; note: string } {
  const sorted = [...test].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sorted.length <= max) {
    return { test: sorted, note: `full (${sorted.length})` };
  }
  const stride = Math.ceil(sorted.length / max);
  const picked = sorted.filter((_, index) => index % stride === 0);
  return { test: picked, note: `one in ${stride} by id: ${picked.length} of ${sorted.length}` };
}

function loadTask(name: string): Task {
  const folder = name === 'bitext' ? 'bitext_customer_support' : name;
  const records = readDataset(folder).filter(
    (record) => record.labels.length === 1 && record.labels[0] !== 'oos',
  );
  const item = (record: (typeof records)[number]): Item => ({
    id: record.id,
    text: record.text,
    label: record.labels[0]!,
  });
  let pool: Item[];
  let test: Item[];
  if (name === 'bitext') {
    const inFold0 = (record: (typeof records)[number]) => record.meta?.['fold'] === 0;
    pool = records.filter((record) => !inFold0(record)).map(item);
    test = records.filter(inFold0).map(item);
  } else {
    pool = records.filter((record) => record.split === 'train').map(item);
    test = records.filter((record) => record.split === 'test').map(item);
  }
  const sampled = subsample(test, maxTest);
  return { name, all: records.map(item), pool, test: sampled.test, testNote: sampled.note };
}

function loadFixture(): Task | null {
  if (!existsSync(fixturePath)) {
    return null;
  }
  const rows = readFileSync(fixturePath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; text: string; label: string; split: string });
  const items = rows.map((row) => ({ id: row.id, text: row.text, label: row.label }));
  return {
    name: 'clinc150-banking-fixture',
    all: items,
    pool: items.filter((_, index) => rows[index]!.split === 'train'),
    test: items.filter((_, index) => rows[index]!.split === 'test'),
    testNote: 'fixed split',
  };
}

/** ml.md §10.2: per label in name order, its pool sorted by id, Fisher–Yates with mulberry32(seed). */
function kShot(pool: Item[], labels: string[], k: number, seed: number): Item[] {
  const random = mulberry32(seed);
  const byLabel = new Map<string, Item[]>(labels.map((label) => [label, []]));
  for (const item of pool) {
    byLabel.get(item.label)?.push(item);
  }
  return labels.flatMap((label) => {
    const items = byLabel.get(label)!.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return shuffleInPlace(items, random).slice(0, k);
  });
}

// ---------------------------------------------------------------------------------------------------
// Configurations and scoring.

type Config = { name: string; sparse: boolean; dense: ('use' | 'minilm')[] };
const CONFIGS: Config[] = [
  { name: 'sparse', sparse: true, dense: [] },
  { name: 'use', sparse: false, dense: ['use'] },
  { name: 'minilm', sparse: false, dense: ['minilm'] },
  { name: 'sparse+use', sparse: true, dense: ['use'] },
  { name: 'sparse+minilm', sparse: true, dense: ['minilm'] },
  { name: 'sparse+use+minilm', sparse: true, dense: ['use', 'minilm'] },
];

type Prepared = { docs: Map<string, PreparedComment>; stats: CorpusStats };
const EMPTY: SparseVector = { indices: new Int32Array(0), values: new Float32Array(0) };

function matrixOf(
  items: Item[],
  prepared: Prepared,
  config: Config,
  caches: Record<'use' | 'minilm', VectorCache>,
) {
  const sparse = items.map((item) =>
    config.sparse ? tfidfVector(prepared.docs.get(item.id)!.counts, prepared.stats) : EMPTY,
  );
  const sparseDimensions = config.sparse ? prepared.stats.vocabulary.length : 0;
  if (config.dense.length === 0) {
    return buildFeatureMatrix({ sparse, sparseDimensions });
  }
  const widths = config.dense.map((name) => caches[name].embedder.dimensions);
  const width = widths.reduce((a, b) => a + b, 0);
  // Without the sparse channel the dense channels share the unit norm alone: scale each block so the
  // weights become 1/√n_dense instead of buildFeatureMatrix's 1/√(1 + n_dense).
  const scale = config.sparse ? 1 : Math.sqrt((1 + config.dense.length) / config.dense.length);
  const dense = items.map((item) => {
    const input = prepared.docs.get(item.id)!.encoderInput;
    if (input === '') {
      return null;
    }
    const row = new Float32Array(width);
    let offset = 0;
    config.dense.forEach((name, block) => {
      const vector = cached(caches[name], input)!;
      for (let d = 0; d < vector.length; d += 1) {
        row[offset + d] = vector[d]! * scale;
      }
      offset += widths[block]!;
    });
    return row;
  });
  return buildFeatureMatrix({
    sparse,
    sparseDimensions,
    dense,
    denseDimensions: width,
    denseChannels: config.dense.length,
  });
}

async function accuracyOf(
  train: Item[],
  test: Item[],
  labels: string[],
  prepared: Prepared,
  config: Config,
  caches: Record<'use' | 'minilm', VectorCache>,
): Promise<{ accuracy: number; trainSeconds: number }> {
  const trainMatrix = matrixOf(train, prepared, config, caches);
  const testMatrix = matrixOf(test, prepared, config, caches);
  const targets = labels.map((label) =>
    Uint8Array.from(train, (item) => (item.label === label ? 1 : 0)),
  );
  const started = performance.now();
  const fit = await fitOneVsRestAsync({ features: trainMatrix, targets, C: DEFAULT_C });
  const trainSeconds = (performance.now() - started) / 1000;
  const width = trainMatrix.sparseDimensions + trainMatrix.denseDimensions;
  const weights = new Float32Array(labels.length * width);
  const intercepts = new Float64Array(labels.length);
  fit.labels.forEach((label, index) => {
    weights.set(label!.weights, index * width);
    intercepts[index] = label!.intercept;
  });
  const scores = createLinearScorer({
    sparseDimensions: trainMatrix.sparseDimensions,
    denseDimensions: trainMatrix.denseDimensions,
    labelCount: labels.length,
    weights,
    intercepts,
  }).score(testMatrix).values;
  let correct = 0;
  test.forEach((item, row) => {
    let best = 0;
    for (let label = 1; label < labels.length; label += 1) {
      if (scores[label * test.length + row]! > scores[best * test.length + row]!) {
        best = label;
      }
    }
    correct += labels[best] === item.label ? 1 : 0;
  });
  return { accuracy: (100 * correct) / test.length, trainSeconds };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean: round2(mean), std: round2(Math.sqrt(variance)) };
}

// ---------------------------------------------------------------------------------------------------

const caches = {
  use: openCache(await createUseLiteEmbedder()),
  minilm: openCache(await createMiniLmEmbedder()),
};

const tasks = datasetNames.map(loadTask);

const throughput: Record<string, number> = {};
if (!skipThroughput) {
  // 2,000 CLINC150 in-scope test texts, embedded from scratch (the cache is filled afterwards).
  const texts = loadTask('clinc150')
    .test.concat(loadTask('clinc150').pool)
    .slice(0, 2000)
    .map((item) => prepareDocument(item.id, [{ body: { text: item.text } }]).encoderInput);
  for (const [name, cache] of Object.entries(caches)) {
    const started = performance.now();
    const { vectors } = await cache.embedder.embed({ texts });
    throughput[name] = Math.round(texts.length / ((performance.now() - started) / 1000));
    process.stderr.write(`throughput ${cache.embedder.id}: ${throughput[name]}/s\n`);
    const parts: Buffer[] = [];
    texts.forEach((text, index) => {
      const hash = hashOf(text);
      if (text !== '' && !cache.vectors.has(hash)) {
        const vector = vectors[index]!;
        cache.vectors.set(hash, vector);
        parts.push(
          Buffer.from(hash, 'hex'),
          Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
        );
      }
    });
    appendFileSync(cache.file, Buffer.concat(parts));
  }
}

type Row = {
  dataset: string;
  k: number | 'fixture';
  config: string;
  mean: number;
  std: number;
  per_seed: number[];
};
const rows: Row[] = [];
const fixture = loadFixture();
const allTasks = fixture === null ? tasks : [...tasks, fixture];
const notes: Record<string, string> = {};
for (const task of allTasks) {
  notes[task.name] = `test ${task.testNote}; pool ${task.pool.length}`;
  const labels = [...new Set(task.all.map((item) => item.label))].sort();
  const docs = new Map(
    task.all.map((item) => [item.id, prepareDocument(item.id, [{ body: { text: item.text } }])]),
  );
  // ml.md §2.2: idf over every comment of the dataset, reviewed or not.
  const prepared: Prepared = { docs, stats: corpusStatsOf([...docs.values()]) };
  const runs: { k: number | 'fixture'; seed: number; train: Item[] }[] =
    task === fixture
      ? [{ k: 'fixture', seed: 0, train: task.pool }]
      : shots.flatMap((k) =>
          Array.from({ length: seeds }, (_, index) => ({
            k,
            seed: index + 1,
            train: kShot(task.pool, labels, k, index + 1),
          })),
        );
  const needed = [...task.test, ...runs.flatMap((run) => run.train)].map(
    (item) => docs.get(item.id)!.encoderInput,
  );
  for (const cache of Object.values(caches)) {
    await embedMissing(cache, needed);
  }
  for (const k of [...new Set(runs.map((run) => run.k))]) {
    for (const config of CONFIGS) {
      const perSeed: number[] = [];
      for (const run of runs.filter((candidate) => candidate.k === k)) {
        const result = await accuracyOf(run.train, task.test, labels, prepared, config, caches);
        perSeed.push(round2(result.accuracy));
      }
      const summary = meanStd(perSeed);
      rows.push({ dataset: task.name, k, config: config.name, ...summary, per_seed: perSeed });
      process.stderr.write(
        `${task.name} k=${k} ${config.name}: ${summary.mean} ± ${summary.std} [${perSeed.join(', ')}]\n`,
      );
    }
  }
}

console.log(
  JSON.stringify({
    bench: 'encoders',
    seeds,
    shots,
    max_test: maxTest,
    notes,
    throughput_per_s: throughput,
    results: rows,
    machine: machine(),
  }),
);
