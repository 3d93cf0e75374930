import type { CommentPredictionRecord, Store } from '../../store/store.js';
import { assignedWithAncestors } from '../dataset-comments/dataset-scope.js';
import type { Deps } from '../deps.js';
import { now } from '../time.js';

import { prepareComment } from './comment-features.js';
import type { ModelServices } from './model-services.js';
import type { StoredValidation } from './stored-validation.js';
import { loadPredictor, type LabelPrediction } from './version-predictor.js';

// ml.md §4.3 step 10: the `dataset-predict` job stores every comment's predictions under the newest
// version (labels with p ≥ 0.01), which the query orders, statistics and streams read.

const PAGE = 1024;
const STORED_MIN_PROBABILITY = 0.01;

export type PredictionOutcome =
  { kind: 'skipped'; reason: string } | { kind: 'predicted'; version: number; comments: number };

function leafMost(names: ReadonlySet<string>): string[] {
  return [...names].filter(
    (name) => ![...names].some((other) => other !== name && other.startsWith(`${name} > `)),
  );
}

/** Runs one `dataset-predict` job. */
export async function predictDataset(
  deps: Pick<Deps, 'store' | 'clock'>,
  services: ModelServices,
  datasetId: string,
  version: number,
  signal?: AbortSignal,
): Promise<PredictionOutcome> {
  const store: Store = deps.store;
  const dataset = await store.datasets.getById(datasetId);
  const latest = await store.models.latest(datasetId);
  if (!dataset || !latest) {
    return { kind: 'skipped', reason: 'dataset or version deleted' };
  }
  if (latest.version !== version) {
    return { kind: 'skipped', reason: `version ${version} is no longer the newest` };
  }
  const predictor = await loadPredictor(store, datasetId, version);
  const stored = await store.models.getValidation(datasetId, version);
  if (!predictor || !stored) {
    return { kind: 'skipped', reason: 'version deleted' };
  }
  const reviewKeys = (stored.validation as StoredValidation).review_keys;
  let count = 0;
  let afterSeq = 0;
  for (;;) {
    signal?.throwIfAborted();
    const page = await store.comments.scan({
      sourceIds: dataset.source_ids,
      afterSeq,
      limit: PAGE,
    });
    if (page.length === 0) {
      break;
    }
    const prepared = page.map(prepareComment);
    const { labels: predictions, reviewed } = await predictor.predictWithBias(
      store,
      services,
      prepared,
      now(deps),
      { signal },
    );
    const annotations = new Map<
      string,
      Awaited<ReturnType<Store['annotations']['getForComments']>>[number]
    >();
    const bySource = new Map<string, string[]>();
    for (const comment of page) {
      bySource.set(comment.source_id, [...(bySource.get(comment.source_id) ?? []), comment.id]);
    }
    for (const [sourceId, ids] of bySource) {
      for (const record of await store.annotations.getForComments(datasetId, sourceId, ids)) {
        if (record.reviewed) {
          annotations.set(`${record.source_id}.${record.comment_id}`, record);
        }
      }
    }
    const records: CommentPredictionRecord[] = page.map((comment, index) => {
      const uid = prepared[index]!.uid;
      const labels = predictions[index]!;
      const [check, missed] = reviewKeys[uid] ?? productionReviewKeys(labels, annotations.get(uid));
      return {
        dataset_id: datasetId,
        source_id: comment.source_id,
        comment_id: comment.id,
        version,
        context: comment.context,
        labels: labels
          .filter((label) => label.probability >= STORED_MIN_PROBABILITY)
          .map((label) => [storedLabelName(label), label.probability] as [string, number]),
        max_informative: labels.reduce((max, label) => Math.max(max, label.probability), 0),
        check_key: check,
        missed_key: missed,
        // ml.md §5.9: Rebalance ranks by P(unreviewed | x) under the bias model.
        rebalance_key: reviewed === null ? null : 1 - reviewed[index]!,
      };
    });
    await store.transaction((tx) => tx.predictions.upsertMany(records));
    count += page.length;
    afterSeq = page[page.length - 1]!.seq;
    if (page.length < PAGE) {
      break;
    }
  }
  return { kind: 'predicted', version, comments: count };
}

/** Stored label names: plain for the `default` group, `<group>::<name>` for other groups. */
export function storedLabelName(label: Pick<LabelPrediction, 'group' | 'name'>): string {
  return label.group === 'default' ? label.name : `${label.group}::${label.name}`;
}

/**
 * Check/Missed keys for reviewed comments the version did not score out of sample (the training split
 * in holdout mode): the production model's probabilities, as ml.md §6.1 allows.
 */
function productionReviewKeys(
  labels: readonly LabelPrediction[],
  annotation: Parameters<typeof assignedWithAncestors>[0],
): [number | null, number | null] {
  if (annotation === undefined) {
    return [null, null];
  }
  const positive = assignedWithAncestors(annotation);
  const explicit = new Set<string>();
  for (const labelling of annotation.labelling) {
    labelling.assigned.forEach((label) => explicit.add(label.name));
  }
  const leaves = new Set(leafMost(explicit));
  let check: number | null = null;
  let missed: number | null = null;
  for (const label of labels) {
    if (leaves.has(label.name)) {
      check = check === null ? label.probability : Math.min(check, label.probability);
    }
    if (!positive.has(label.name)) {
      missed = missed === null ? label.probability : Math.max(missed, label.probability);
    }
  }
  return [check, missed];
}
