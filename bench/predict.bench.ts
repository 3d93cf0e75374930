// `npm run bench -- predict`: `dataset-predict` over cached features (15,000 CLINC150 comments, 160
// labels; goal ≥ 10,000 comments/s, MUST ≥ 3,000), and `predict-latency`: sequential `POST …/predict`
// requests with one short document to a warm in-process server, dense channel on (p95 goal ≤ 50 ms,
// MUST ≤ 100 ms). ml.md §10.6.
import { predictDataset } from '../src/domain/models/predict-dataset.js';
import { trainDataset } from '../src/domain/models/train-dataset.js';

import { machine } from './machine.js';
import { seededSample, setUpModelBench } from './model-bench-setup.js';

const REQUESTS = 200;

const bench = await setUpModelBench();
try {
  const { deps } = bench;
  const datasetId = await bench.createDataset('predict', seededSample(bench.records, 3_000, 7));
  const trained = await trainDataset(deps, deps.models, datasetId);
  if (trained.kind !== 'trained') {
    throw new Error(`training skipped: ${JSON.stringify(trained)}`);
  }
  const started = performance.now();
  const predicted = await predictDataset(deps, deps.models, datasetId, trained.version);
  const seconds = (performance.now() - started) / 1000;
  if (predicted.kind !== 'predicted') {
    throw new Error(`prediction skipped: ${JSON.stringify(predicted)}`);
  }

  await bench.call('PUT', `/api/_private/datasets/bench/predict/labellers/${trained.version}/pin`);
  const texts = seededSample(bench.records, REQUESTS + 20, 11).map((record) => record.text);
  const latencies: number[] = [];
  for (const [index, text] of texts.entries()) {
    const begin = performance.now();
    await bench.call(
      'POST',
      `/api/v1/datasets/bench/predict/labellers/${trained.version}/predict`,
      {
        documents: [{ messages: [{ body: { text: `${text} (${index})` } }] }],
        threshold: 'auto',
      },
    );
    // The first requests load the model and the encoder: a warm server is what is measured.
    if (index >= 20) {
      latencies.push(performance.now() - begin);
    }
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  console.log(
    JSON.stringify({
      bench: 'predict',
      comments: predicted.comments,
      labels: 160,
      predict_per_s: Math.round(predicted.comments / seconds),
      predict_goal_per_s: 10_000,
      latency_requests: latencies.length,
      latency_p50_ms: Number(percentile(0.5).toFixed(1)),
      latency_p95_ms: Number(percentile(0.95).toFixed(1)),
      latency_goal_p95_ms: 50,
      machine: machine(),
    }),
  );
} finally {
  await bench.close();
}
