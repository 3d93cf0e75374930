// `npm run bench -- discover`: ml.md §7.3 and §10.6. Time of Discover (spherical k-means, 60 clusters,
// c-TF-IDF keywords, scores and representatives) over 20,000 CLINC150 comments with cached MiniLM
// vectors (goal ≤ 20 s, MUST ≤ 60 s), and the quality report: NMI and ARI of the k-means assignment
// against the gold leaf intents on the CLINC150 in-scope training split and on HWU64 (every record as
// if unreviewed), and the share of the shown clusters whose representatives are ≥ 75 % one intent.
// Vectors come from .cache/embeddings (embedded once per machine). Ends with one JSON line.
import { prepareDocument } from '../src/domain/models/comment-features.js';
import {
  adjustedRandIndex,
  createMiniLmEmbedder,
  discoverThemes,
  normalizedMutualInformation,
  normaliseRows,
} from '../src/ml/index.js';

import { loadCachedVectors } from './embedding-cache.js';
import { machine } from './machine.js';
import { readDataset, type DataRecord } from './shared-data.js';

const embedder = await createMiniLmEmbedder();
const cache = loadCachedVectors(embedder.id, embedder.dimensions);

async function run(name: string, records: readonly DataRecord[]) {
  const prepared = records.map((record) =>
    prepareDocument(record.id, [{ body: { text: record.text } }]),
  );
  const missing = prepared.filter(
    (item) => item.encoderHash !== null && !cache.has(item.encoderHash),
  );
  for (let start = 0; start < missing.length; start += 256) {
    const slice = missing.slice(start, start + 256);
    const { vectors } = await embedder.embed({ texts: slice.map((item) => item.encoderInput) });
    slice.forEach((item, index) => cache.set(item.encoderHash!, vectors[index]!));
  }
  const dimensions = embedder.dimensions;
  const vectors = new Float32Array(prepared.length * dimensions);
  prepared.forEach((item, row) => vectors.set(cache.get(item.encoderHash!)!, row * dimensions));
  normaliseRows(vectors, dimensions);
  const gold = records.map((record) => record.labels[0]!);
  const started = performance.now();
  const result = discoverThemes({
    uids: records.map((record) => record.id),
    primaryTexts: prepared.map((item) => item.primaryText),
    vectors,
    dimensions,
    covered: records.map(() => false),
    seed: 1,
  });
  const seconds = (performance.now() - started) / 1000;
  const labelOf = new Map(records.map((record) => [record.id, record.labels[0]!]));
  const pure = result.themes.filter((theme) => {
    const counts = new Map<string, number>();
    for (const uid of theme.representatives) {
      counts.set(labelOf.get(uid)!, (counts.get(labelOf.get(uid)!) ?? 0) + 1);
    }
    return Math.max(...counts.values()) >= 0.75 * theme.representatives.length;
  }).length;
  const figures = {
    comments: records.length,
    k: result.k,
    seconds: Number(seconds.toFixed(1)),
    nmi: Number(normalizedMutualInformation(result.assignments, gold).toFixed(3)),
    ari: Number(adjustedRandIndex(result.assignments, gold).toFixed(3)),
    shown: result.themes.length,
    pure_shown_share: Number((pure / Math.max(1, result.themes.length)).toFixed(2)),
    example_names: result.themes.slice(0, 5).map((theme) => theme.name),
  };
  process.stderr.write(`${name}: ${JSON.stringify(figures)}\n`);
  return figures;
}

const clinc = readDataset('clinc150').filter((record) => record.labels[0] !== 'oos');
const timing = await run('clinc150 20k', clinc.slice(0, 20_000));
const clincTrain = await run(
  'clinc150 train',
  clinc.filter((record) => record.split === 'train'),
);
const hwu = await run('hwu64', readDataset('hwu64'));
console.log(
  JSON.stringify({
    bench: 'discover',
    discover_20k_seconds: timing.seconds,
    goal_seconds: 20,
    must_seconds: 60,
    clinc150_train: clincTrain,
    hwu64: hwu,
    machine: machine(),
  }),
);
// The encoder's worker threads would keep the process alive after the figures are out.
process.exit(0);
