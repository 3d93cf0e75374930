// `npm run bench -- active-learning [--datasets hwu64,clinc150] [--seeds 1] [--budget 20] [--step 1]
//   [--strategies shuffle,teach,lowconf,mixed,search] [--test N]`: the active-learning curves of ml.md
// §10.5. `search` (text_search with each label's name words) is for the product check of the Model
// Rating: `--datasets hwu64 --budget 25 --strategies mixed,search`.
// A simulated annotator (gold labels as the oracle) picks comments through the production query-order
// keys (predictionOrderKey, §6.1) over the predictions the production `model-train` + `dataset-predict`
// jobs store, retraining after every round. Budget and step are in annotations per leaf label.

import type { QueryOrder } from '../src/contracts/query.js';
import { predictionOrderKey, teachMode } from '../src/domain/dataset-comments/prediction-orders.js';
import { prepareComment } from '../src/domain/models/comment-features.js';
import { predictDataset } from '../src/domain/models/predict-dataset.js';
import { trainDataset } from '../src/domain/models/train-dataset.js';
import { sampleRank } from '../src/lib/order-keys.js';
import type { AnnotationRecord, CommentPredictionRecord } from '../src/store/store.js';

import { prefillPrepared } from './embedding-cache.js';
import { addBenchSource, startInProcessSift } from './in-process-sift.js';
import { machine } from './machine.js';
import { readDataset, type DataRecord } from './shared-data.js';

const TOKEN = 'sift_bench-active-learning-token-01';
const STRATEGIES = ['shuffle', 'teach', 'lowconf', 'mixed', 'search'] as const;
type Strategy = (typeof STRATEGIES)[number];

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1]! : fallback;
}
function positive(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${name} must be a positive integer`);
  }
  return value;
}

const datasets = option('datasets', 'hwu64,clinc150').split(',');
const seeds = positive('seeds', 1);
const budgetPerLabel = positive('budget', 20);
const stepPerLabel = positive('step', 1);
const testCap = positive('test', 1_000_000);
const strategies = option('strategies', 'shuffle,teach,lowconf,mixed').split(',') as Strategy[];
for (const strategy of strategies) {
  if (!STRATEGIES.includes(strategy)) {
    throw new Error(`unknown strategy '${strategy}' (one of ${STRATEGIES.join(', ')})`);
  }
}

type CurvePoint = {
  labels: number;
  accuracy: number;
  bias_auc: number | null;
  /** Share of the next round's picks whose top prediction was already the gold label (null at the end). */
  picks_already_right: number | null;
  /** The version's Model Rating and its `biased` factor score (ml.md §5.10). */
  rating: number;
  biased_factor: number | null;
};

function byKey(a: [string, string], b: [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Pool ids ranked ascending by a production order key, reviewed and ineligible comments left out. */
function ranked(
  order: QueryOrder,
  pool: readonly string[],
  reviewed: ReadonlySet<string>,
  predictions: ReadonlyMap<string, CommentPredictionRecord>,
  annotations: readonly AnnotationRecord[],
): string[] {
  const teach = teachMode(order, annotations, false);
  const keyed: [string, string][] = [];
  for (const id of pool) {
    if (reviewed.has(id)) {
      continue;
    }
    const key = predictionOrderKey(order, predictions.get(id), undefined, teach);
    if (key !== null) {
      keyed.push([key, id]);
    }
  }
  return keyed.sort(byKey).map(([, id]) => id);
}

async function runDataset(folder: string) {
  const all = readDataset(folder).filter((record) => record.labels[0] !== 'oos');
  const pool = all.filter((record) => record.split === 'train');
  const test = all.filter((record) => record.split === 'test').slice(0, testCap);
  const gold = new Map(all.map((record) => [record.id, record.labels[0]!]));
  const leafLabels = [...new Set(pool.map((record) => record.labels[0]!))].sort();
  const leafSet = new Set(leafLabels);
  const L = leafLabels.length;

  const sift = await startInProcessSift({
    token: TOKEN,
    name: 'sift-bench-al',
    trainDebounceMillis: 600_000,
  });
  const { deps, call } = sift;
  const { store, models } = deps;
  try {
    const records: DataRecord[] = [...pool, ...test];
    const sourceId = await addBenchSource(sift, 'al', records);
    const comments = await store.comments.getMany(
      sourceId,
      records.map((record) => record.id),
    );
    await prefillPrepared(deps, comments.map(prepareComment));
    const uid = (id: string) => `${sourceId}.${id}`;
    const poolIds = pool.map((record) => record.id);
    const poolSet = new Set(poolIds);
    const idOfSeq = new Map(comments.map((comment) => [comment.seq, comment.id]));
    // ml.md §10.5 product check: each label's name words (`alarm_query` → alarm, query) as
    // text_search queries, results by relevance, word lists interleaved.
    const searchLists = strategies.includes('search')
      ? await Promise.all(
          leafLabels.map(async (label) => {
            const perWord = await Promise.all(
              label
                .split(/[^A-Za-z0-9]+/)
                .filter((word) => word.length > 1)
                .map(async (word) =>
                  [...(await store.comments.textSearch([sourceId], word))]
                    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
                    .map(([seq]) => idOfSeq.get(seq)!)
                    .filter((id) => poolSet.has(id)),
                ),
            );
            const merged = new Set<string>();
            for (let at = 0; perWord.some((list) => at < list.length); at += 1) {
              perWord.forEach((list) => {
                if (at < list.length) {
                  merged.add(list[at]!);
                }
              });
            }
            return [...merged];
          }),
        )
      : [];

    const runStrategy = async (strategy: Strategy, seed: number): Promise<CurvePoint[]> => {
      const name = `${strategy}-${seed}`;
      const created = await call('PUT', `/api/v1/datasets/bench/${name}`, {
        dataset: {
          source_ids: [sourceId],
          label_defs: leafLabels.map((label) => ({ name: label })),
        },
      });
      const datasetId = (created['dataset'] as { id: string }).id;
      const reviewed = new Set<string>();
      const annotate = async (picks: readonly (readonly [string, string])[]) => {
        // Through the labelling route with the mode's retrieval method (ml.md §6.3), as the UI does:
        // the Model Rating's balance factor reads them.
        for (const [id, method] of picks) {
          reviewed.add(id);
          await call('POST', `/api/_private/datasets/bench/${name}/labellings/${uid(id)}`, {
            labelling: [
              {
                group: 'default',
                assigned: [{ name: gold.get(id)!, metadata: { ui: { retrieval_method: method } } }],
              },
            ],
          });
        }
      };
      // §10.5 start: one record per label, seeded, the same for every strategy.
      const firstPerLabel = new Map<string, string>();
      for (const id of [...poolIds].sort((a, b) =>
        sampleRank(seed, a) < sampleRank(seed, b) ? -1 : 1,
      )) {
        const label = gold.get(id)!;
        if (!firstPerLabel.has(label)) {
          firstPerLabel.set(label, id);
        }
      }
      await annotate([...firstPerLabel.values()].map((id) => [id, 'uid'] as const));

      const curve: CurvePoint[] = [];
      let round = 0;
      for (;;) {
        const trained = await trainDataset(deps, models, datasetId);
        if (trained.kind !== 'trained') {
          throw new Error(`${name}: training skipped: ${JSON.stringify(trained)}`);
        }
        const predicted = await predictDataset(deps, models, datasetId, trained.version);
        if (predicted.kind !== 'predicted') {
          throw new Error(`${name}: prediction skipped: ${JSON.stringify(predicted)}`);
        }
        const predictions = new Map(
          (await store.predictions.listForDataset(datasetId)).map((record) => [
            record.comment_id,
            record,
          ]),
        );
        const annotations = await store.annotations.listAllForDataset(datasetId);
        let correct = 0;
        for (const record of test) {
          const top = predictions.get(record.id)?.labels.find(([label]) => leafSet.has(label));
          if (top !== undefined && top[0] === record.labels[0]) {
            correct += 1;
          }
        }
        const validation = (await store.models.getValidation(datasetId, trained.version))!
          .validation as {
          bias_model_auc: number | null;
          model_rating: { score: number; factors: { kind: string; score: number }[] };
        };
        curve.push({
          labels: reviewed.size,
          accuracy: Number(((100 * correct) / test.length).toFixed(2)),
          bias_auc:
            validation.bias_model_auc === null
              ? null
              : Number(validation.bias_model_auc.toFixed(3)),
          picks_already_right: null,
          rating: validation.model_rating.score,
          biased_factor:
            validation.model_rating.factors.find((factor) => factor.kind === 'biased')?.score ??
            null,
        });
        const remaining = budgetPerLabel * L - reviewed.size;
        if (remaining <= 0) {
          console.error(`${folder} ${name}: ${JSON.stringify(curve.at(-1))}`);
          return curve;
        }
        round += 1;
        const roundSize = Math.min(stepPerLabel * L, remaining);
        const picked: string[] = [];
        const methods: string[] = [];
        const taken = new Set<string>();
        const takeFrom = (list: readonly string[], count: number, method: string) => {
          for (const id of list) {
            if (picked.length >= count) {
              return;
            }
            if (!taken.has(id)) {
              taken.add(id);
              picked.push(id);
              methods.push(method);
            }
          }
        };
        // Round-robin over labels: in turn, each label's next unreviewed, not yet picked comment of
        // its own list, until `count` more are picked or every list is used up.
        const roundRobin = (
          lists: readonly (readonly string[])[],
          count: number,
          method: string,
        ) => {
          const cursors = lists.map(() => 0);
          const goal = picked.length + count;
          for (let turn = 0; picked.length < goal; turn += 1) {
            const index = (turn + round * 7) % L;
            const list = lists[index]!;
            while (
              cursors[index]! < list.length &&
              (reviewed.has(list[cursors[index]!]!) || taken.has(list[cursors[index]!]!))
            ) {
              cursors[index]! += 1;
            }
            if (cursors[index]! < list.length) {
              takeFrom([list[cursors[index]!]!], picked.length + 1, method);
            } else if (lists.every((other, at) => cursors[at]! >= other.length)) {
              return;
            }
          }
        };
        // Teach per §10.5: each label's top unreviewed `learning{label}`.
        const teach = (count: number) =>
          roundRobin(
            leafLabels.map((label) =>
              ranked({ kind: 'learning', label }, poolIds, reviewed, predictions, annotations),
            ),
            count,
            'teach_label',
          );
        const shuffle = (count: number) =>
          takeFrom(
            poolIds
              .filter((id) => !reviewed.has(id))
              .map((id): [string, string] => [
                String(sampleRank(seed * 1000 + round, uid(id))).padStart(16, '0'),
                id,
              ])
              .sort(byKey)
              .map(([, id]) => id),
            picked.length + count,
            'shuffle',
          );
        switch (strategy) {
          case 'shuffle':
            shuffle(roundSize);
            break;
          case 'teach':
            teach(roundSize);
            break;
          case 'lowconf':
            takeFrom(
              ranked({ kind: 'any_label_asc' }, poolIds, reviewed, predictions, annotations),
              roundSize,
              'low_confidence',
            );
            break;
          case 'mixed': {
            // §10.5 mixed: per round 60 % teach, 20 % shuffle, 20 % rebalance.
            const teachCount = Math.round(roundSize * 0.6);
            const shuffleCount = Math.round(roundSize * 0.2);
            teach(teachCount);
            shuffle(shuffleCount);
            takeFrom(
              ranked({ kind: 'learning' }, poolIds, reviewed, predictions, annotations),
              roundSize,
              'rebalance',
            );
            break;
          }
          case 'search':
            // The next unreviewed result of the label's own name words.
            roundRobin(searchLists, roundSize, 'text_search');
            break;
        }
        if (picked.length === 0) {
          return curve;
        }
        // An annotation teaches most where the model was wrong; a strategy whose picks the model already
        // gets right spends its budget confirming.
        const alreadyRight = picked.filter((id) => {
          const top = predictions.get(id)?.labels.find(([label]) => leafSet.has(label));
          return top?.[0] === gold.get(id);
        }).length;
        curve.at(-1)!.picks_already_right = Number((alreadyRight / picked.length).toFixed(3));
        console.error(`${folder} ${name}: ${JSON.stringify(curve.at(-1))}`);
        await annotate(picked.map((id, index) => [id, methods[index]!] as const));
      }
    };

    const results: Record<string, CurvePoint[][]> = {};
    for (const strategy of strategies) {
      for (let seed = 1; seed <= seeds; seed += 1) {
        (results[strategy] ??= []).push(await runStrategy(strategy, seed));
      }
    }
    return { L, test: test.length, results };
  } finally {
    await sift.close();
  }
}

/** The mean of the non-null values to `digits` decimals, or null when there are none. */
function mean(values: readonly (number | null)[], digits: number): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0
    ? null
    : Number((present.reduce((sum, value) => sum + value, 0) / present.length).toFixed(digits));
}

function meanCurve(curves: CurvePoint[][]): CurvePoint[] {
  return curves[0]!.map((point, index) => {
    const at = curves.map((curve) => curve[index]!);
    return {
      labels: point.labels,
      accuracy: mean(
        at.map((p) => p.accuracy),
        2,
      )!,
      bias_auc: mean(
        at.map((p) => p.bias_auc),
        3,
      ),
      picks_already_right: mean(
        at.map((p) => p.picks_already_right),
        3,
      ),
      rating: mean(
        at.map((p) => p.rating),
        1,
      )!,
      biased_factor: at.some((p) => p.biased_factor === null)
        ? null
        : mean(
            at.map((p) => p.biased_factor),
            1,
          ),
    };
  });
}

/** Area under the accuracy curve (trapezoid) normalised by the labels it spans. */
function area(curve: readonly CurvePoint[]): number {
  let sum = 0;
  for (let index = 1; index < curve.length; index += 1) {
    const [a, b] = [curve[index - 1]!, curve[index]!];
    sum += ((a.accuracy + b.accuracy) / 2) * (b.labels - a.labels);
  }
  const span = curve.at(-1)!.labels - curve[0]!.labels;
  return span === 0 ? curve[0]!.accuracy : Number((sum / span).toFixed(2));
}

const summary: Record<string, unknown> = {};
for (const folder of datasets) {
  const started = performance.now();
  const { L, test, results } = await runDataset(folder);
  const curves = Object.fromEntries(
    Object.entries(results).map(([strategy, runs]) => [strategy, meanCurve(runs)]),
  );
  const shuffleFinal = curves['shuffle']?.at(-1)?.accuracy ?? null;
  const perStrategy: Record<string, unknown> = {};
  console.log(
    `\n${folder}: L=${L}, test=${test}, budget=${budgetPerLabel}·L, step=${stepPerLabel}·L`,
  );
  for (const [strategy, curve] of Object.entries(curves)) {
    const reach =
      shuffleFinal === null
        ? null
        : (curve.find((p) => p.accuracy >= shuffleFinal)?.labels ?? null);
    const picksAlreadyRight = mean(
      curve.map((p) => p.picks_already_right),
      3,
    );
    // The accuracy of the model that chose each round's picks (every point but the last).
    const modelAccuracy = mean(
      curve.slice(0, -1).map((p) => p.accuracy / 100),
      3,
    );
    perStrategy[strategy] = {
      curve: curve.map((p) => [p.labels, p.accuracy]),
      picks_already_right: picksAlreadyRight,
      test_accuracy_before_picks: modelAccuracy,
      final_accuracy: curve.at(-1)!.accuracy,
      area: area(curve),
      labels_to_shuffle_final: reach,
      final_bias_auc: curve.at(-1)!.bias_auc,
      final_model_rating: curve.at(-1)!.rating,
      final_biased_factor: curve.at(-1)!.biased_factor,
    };
    console.log(
      `  ${strategy.padEnd(8)} final ${curve.at(-1)!.accuracy.toFixed(2)} %  area ${area(curve)}  ` +
        `reaches shuffle final at ${reach ?? 'never'}  bias AUC ${curve.at(-1)!.bias_auc}  ` +
        `picks already right ${picksAlreadyRight} (test accuracy then ${modelAccuracy})  ` +
        `rating ${curve.at(-1)!.rating} (biased factor ${curve.at(-1)!.biased_factor})  ` +
        `curve ${curve.map((p) => `${p.labels}:${p.accuracy}`).join(' ')}`,
    );
  }
  const teach = curves['teach'];
  const mixed = curves['mixed'];
  const budget = budgetPerLabel * L;
  const teachReach = (
    perStrategy['teach'] as { labels_to_shuffle_final: number | null } | undefined
  )?.labels_to_shuffle_final;
  const goals = {
    teach_area_not_below_shuffle:
      teach !== undefined && curves['shuffle'] !== undefined
        ? area(teach) >= area(curves['shuffle'])
        : null,
    teach_reaches_shuffle_final_within_75pct:
      teach === undefined || shuffleFinal === null
        ? null
        : teachReach !== null && teachReach! <= 0.75 * budget,
    mixed_within_1pt_of_teach_after_half:
      teach !== undefined && mixed !== undefined
        ? mixed.every(
            (point, index) =>
              point.labels < budget / 2 || point.accuracy >= (teach[index]?.accuracy ?? 0) - 1,
          )
        : null,
    mixed_bias_auc_at_most_0_6: mixed === undefined ? null : (mixed.at(-1)!.bias_auc ?? 1) <= 0.6,
    // §10.5 product check (meaningful at --budget 25): the mix rates Good, search-only is flagged.
    mixed_rating_at_least_70: mixed === undefined ? null : mixed.at(-1)!.rating >= 70,
    search_biased_factor_below_50:
      curves['search'] === undefined ? null : (curves['search'].at(-1)!.biased_factor ?? 100) < 50,
  };
  console.log(
    `  goals ${JSON.stringify(goals)}  (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  summary[folder] = { labels: L, test, budget, strategies: perStrategy, goals };
}

console.log(
  JSON.stringify({
    bench: 'active-learning',
    seeds,
    budget_per_label: budgetPerLabel,
    step_per_label: stepPerLabel,
    datasets: summary,
    machine: machine(),
  }),
);
