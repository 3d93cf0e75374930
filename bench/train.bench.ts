// `npm run bench -- train`: the whole `model-train` job (features, fits, calibration, validation, rating,
// bias model, commit) on 10,000 reviewed CLINC150 records × 160 labels with dense vectors cached, cold;
// then after 50 more annotations (warm inputs), and 10 × 150 few-shot (cross-validation, six fits);
// then `dataset-predict` over the 15,000 comments. Goals (ml.md §10.6): ≤ 10 s, ≤ 3 s, ≤ 4 s, ≥ 10k/s.
import { predictDataset } from '../src/domain/models/predict-dataset.js';
import { trainDataset } from '../src/domain/models/train-dataset.js';

import { machine } from './machine.js';
import { seededSample, setUpModelBench } from './model-bench-setup.js';

const bench = await setUpModelBench();
try {
  const { deps } = bench;
  const sample = seededSample(bench.records, 10_000, 1);
  const datasetId = await bench.createDataset('train10k', sample);

  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await run();
    return [result, (performance.now() - started) / 1000];
  };
  const [cold, trainSeconds] = await timed(() => trainDataset(deps, deps.models, datasetId));
  if (cold.kind !== 'trained') {
    throw new Error(`training skipped: ${JSON.stringify(cold)}`);
  }
  const version = cold.version;
  const validation = (await deps.store.models.getValidation(datasetId, version))!.validation as {
    mode: string;
    model_rating: { score: number };
    calibration: { ece: number }[];
  };

  const [predicted, predictSeconds] = await timed(() =>
    predictDataset(deps, deps.models, datasetId, version),
  );
  if (predicted.kind !== 'predicted') {
    throw new Error(`prediction skipped: ${JSON.stringify(predicted)}`);
  }

  const more = seededSample(bench.records, 10_050, 1).slice(10_000);
  await bench.annotate('train10k', more);
  const [, incrementalSeconds] = await timed(() => trainDataset(deps, deps.models, datasetId));

  const byLabel = new Map<string, typeof bench.records>();
  for (const record of [...bench.records].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const list = byLabel.get(record.labels[0]!) ?? [];
    if (list.length < 10) {
      list.push(record);
    }
    byLabel.set(record.labels[0]!, list);
  }
  const fewshotId = await bench.createDataset('fewshot', [...byLabel.values()].flat());
  const [fewshot, fewshotSeconds] = await timed(() => trainDataset(deps, deps.models, fewshotId));

  console.log(
    JSON.stringify({
      bench: 'train',
      reviewed: sample.length,
      labels: 160,
      train_s: Number(trainSeconds.toFixed(2)),
      train_phases_s: cold.phases,
      train_goal_s: 10,
      validation_mode: validation.mode,
      model_rating: validation.model_rating.score,
      ece: validation.calibration[0]?.ece ?? null,
      train_incremental_s: Number(incrementalSeconds.toFixed(2)),
      train_fewshot_s: Number(fewshotSeconds.toFixed(2)),
      fewshot_outcome: fewshot.kind,
      predict_comments: predicted.comments,
      predict_per_s: Math.round(predicted.comments / predictSeconds),
      predict_goal_per_s: 10_000,
      machine: machine(),
    }),
  );
} finally {
  await bench.close();
}
