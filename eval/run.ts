// `npm run eval -- --data FILE.jsonl --shots K|full --seeds N [options]`: the k-shot protocol of ml.md
// §10.1–§10.2 through Sift's API, ending with one JSON line. Options: --protocol kshot|nlupp-10fold|
// nlupp-20fold|nlupp-large, --label-prefix P (keep records whose label starts with P), --domain D
// (meta.domain), --family english|german, --max-test M, --via-api URL --token T.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

import { siftVersion } from '../src/lib/version.js';

import { accuracy, macroF1, meanAveragePrecision, meanStd, microF1, topLabel } from './metrics.js';
import { runOnce, syncCorpus } from './protocol.js';
import { greedyMultiLabel, kShot, type EvalRecord } from './samplers.js';
import { httpSift, inProcessSift } from './sift-client.js';

const args = process.argv.slice(2);
function options(name: string): string[] {
  return args.flatMap((arg, index) => (arg === `--${name}` ? [args[index + 1]!] : []));
}
const option = (name: string) => options(name)[0];

const files = options('data');
if (files.length === 0) {
  console.error('usage: npm run eval -- --data FILE.jsonl --shots K|full --seeds N [options]');
  process.exit(2);
}
const shotsOption = option('shots') ?? '10';
const shots: number | 'full' = shotsOption === 'full' ? 'full' : Number(shotsOption);
const seeds = Number(option('seeds') ?? 5);
const protocol = option('protocol') ?? 'kshot';
const family = option('family') ?? 'english';
const maxTest = option('max-test') === undefined ? Infinity : Number(option('max-test'));
const labelPrefix = option('label-prefix');
const domain = option('domain');
const viaApi = option('via-api');

let records = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalRecord),
);
records = records.filter(
  (record) =>
    !record.labels.includes('oos') &&
    (domain === undefined || record.meta?.['domain'] === domain) &&
    (labelPrefix === undefined || record.labels.some((label) => label.startsWith(labelPrefix))),
);
const multiLabel = protocol.startsWith('nlupp') || records.some((r) => r.labels.length !== 1);

type Run = { seed: number; train: EvalRecord[]; test: EvalRecord[] };
function runs(): Run[] {
  const byId = (a: EvalRecord, b: EvalRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const cap = (test: EvalRecord[]) => test.sort(byId).slice(0, maxTest);
  if (protocol.startsWith('nlupp')) {
    const fold = (record: EvalRecord) => Number(record.split.replace('fold', ''));
    const count = protocol === 'nlupp-10fold' ? 10 : 20;
    return Array.from({ length: Math.min(count, seeds) }, (_, r) => {
      const inTrain = (f: number) =>
        protocol === 'nlupp-10fold'
          ? f === 2 * r || f === 2 * r + 1
          : protocol === 'nlupp-20fold'
            ? f === r
            : f !== r;
      return {
        seed: r,
        train: records.filter((record) => inTrain(fold(record))),
        test: cap(records.filter((record) => !inTrain(fold(record)))),
      };
    });
  }
  const pool = records.filter((record) => record.split === 'train');
  const test = cap(records.filter((record) => record.split === 'test'));
  const count = shots === 'full' ? 1 : seeds;
  return Array.from({ length: count }, (_, index) => ({
    seed: index + 1,
    train: multiLabel
      ? greedyMultiLabel(pool, shots as number, index + 1)
      : kShot(pool, shots, index + 1),
    test,
  }));
}

const labels = [...new Set(records.flatMap((record) => record.labels))].sort();
const client =
  viaApi === undefined ? await inProcessSift(family) : httpSift(viaApi, option('token') ?? '');
try {
  await client.prefill?.(records.map((record) => record.text));
  const sourceId = await syncCorpus(client, records);
  const perRun: {
    metric: number;
    microF1: number | null;
    macroF1: number | null;
    map: number | null;
    train: number;
    predictP95: number;
    rating: number | null;
    ece: number | null;
    trainSize: number;
    testSize: number;
  }[] = [];
  for (const run of runs()) {
    const result = await runOnce(client, {
      sourceId,
      dataset: `run-${protocol}-${shotsOption}-${run.seed}-${Date.now().toString(36)}`,
      labels,
      train: run.train,
      test: run.test,
      family,
    });
    if (multiLabel) {
      const rows = run.test.map((record, index) => ({
        gold: record.labels,
        probabilities: result.probabilities[index]!,
      }));
      const trained = new Set(run.train.flatMap((record) => record.labels));
      perRun.push({
        metric: meanAveragePrecision(rows, labels, trained),
        microF1: microF1(rows, labels),
        macroF1: null,
        map: meanAveragePrecision(rows, labels, trained),
        train: result.trainSeconds,
        predictP95: result.predictMsP95,
        rating: result.modelRating,
        ece: result.ece,
        trainSize: run.train.length,
        testSize: run.test.length,
      });
      process.stderr.write(
        `run ${run.seed}: MAP ${perRun.at(-1)!.metric.toFixed(2)} micro-F1 ${perRun.at(-1)!.microF1!.toFixed(2)} (train ${run.train.length}, ${result.trainSeconds.toFixed(1)} s)\n`,
      );
    } else {
      // Leaf labels: those at the depth of the gold labels (ml.md §10.2).
      const depth = run.test[0]!.labels[0]!.split(' > ').length;
      const leaves = labels.filter((label) => label.split(' > ').length === depth);
      const gold = run.test.map((record) => record.labels[0]!);
      const predicted = result.probabilities.map((probabilities) =>
        topLabel(probabilities, leaves),
      );
      perRun.push({
        metric: accuracy(gold, predicted),
        microF1: null,
        macroF1: macroF1(gold, predicted, leaves),
        map: null,
        train: result.trainSeconds,
        predictP95: result.predictMsP95,
        rating: result.modelRating,
        ece: result.ece,
        trainSize: run.train.length,
        testSize: run.test.length,
      });
      process.stderr.write(
        `seed ${run.seed}: accuracy ${perRun.at(-1)!.metric.toFixed(2)} (train ${run.train.length}, ${result.trainSeconds.toFixed(1)} s)\n`,
      );
    }
  }
  const two = (value: number) => Number(value.toFixed(2));
  const meanOf = (values: (number | null)[]) => {
    const present = values.filter((value): value is number => value !== null);
    return present.length === 0 ? null : two(meanStd(present).mean);
  };
  const summary = meanStd(perRun.map((run) => run.metric));
  console.log(
    JSON.stringify({
      dataset: files.map((file) => file.split('/').at(-1)).join(','),
      protocol,
      shots: protocol.startsWith('nlupp') ? null : shotsOption,
      seeds: perRun.length,
      metric: multiLabel ? 'map' : 'accuracy',
      mean: two(summary.mean),
      std: two(summary.std),
      per_seed: perRun.map((run) => two(run.metric)),
      macro_f1_mean: meanOf(perRun.map((run) => run.macroF1)),
      map_mean: meanOf(perRun.map((run) => run.map)),
      micro_f1_mean: meanOf(perRun.map((run) => run.microF1)),
      ece_mean: meanOf(perRun.map((run) => (run.ece === null ? null : 100 * run.ece))),
      model_rating_mean: meanOf(perRun.map((run) => run.rating)),
      labels: labels.length,
      train_size: Math.round(meanStd(perRun.map((run) => run.trainSize)).mean),
      test_size: Math.round(meanStd(perRun.map((run) => run.testSize)).mean),
      train_s_mean: meanOf(perRun.map((run) => run.train)),
      predict_ms_p95: two(Math.max(...perRun.map((run) => run.predictP95))),
      sift_version: siftVersion(),
      machine: { cores: availableParallelism(), load1: two(loadavg()[0]!) },
    }),
  );
} finally {
  await client.close();
}
// The encoder's worker threads would keep the process alive after the line is out.
process.exit(0);
