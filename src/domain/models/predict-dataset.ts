import type { AnnotationRecord, CommentPredictionRecord, Store } from '../../store/store.js';
import { assignedWithAncestors } from '../dataset-comments/dataset-scope.js';
import type { Deps } from '../deps.js';
import { now } from '../time.js';

import { featureSpecOf, prepareComment, type PreparedComment } from './comment-features.js';
import type { ModelServices } from './model-services.js';
import { addReviewKey, emptyReviewKeys } from './review-keys.js';
import { scheduleThemes } from './schedule-training.js';
import type { StoredValidation } from './stored-validation.js';
import { loadPredictor, type ScoredComments } from './version-predictor.js';

// ml.md §4.3 step 10: the `dataset-predict` job stores every comment's predictions under the newest
// version (labels with p ≥ 0.01), which the query orders, statistics and streams read. It works on the
// probability matrices directly: building an object per (comment, label) would dominate its cost.

const PAGE = 1024;
const STORED_MIN_PROBABILITY = 0.01;

export type PredictionOutcome =
  { kind: 'skipped'; reason: string } | { kind: 'predicted'; version: number; comments: number };

/** Stored label names: plain for the `default` group, `<group>::<name>` for other groups. */
export function storedLabelName(group: string, name: string): string {
  return group === 'default' ? name : `${group}::${name}`;
}

type RowLabels = { labels: [string, number][]; max: number };

function rowLabels(scored: ScoredComments, row: number, rows: number): RowLabels {
  const labels: [string, number][] = [];
  let max = 0;
  for (const { group, probabilities } of scored.groups) {
    for (let label = 0; label < group.labels.length; label += 1) {
      const probability = probabilities[label * rows + row]!;
      if (Number.isNaN(probability)) {
        continue;
      }
      if (probability > max) {
        max = probability;
      }
      if (probability >= STORED_MIN_PROBABILITY) {
        labels.push([storedLabelName(group.name, group.labels[label]!), probability]);
      }
    }
  }
  labels.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { labels, max };
}

/**
 * Check/Missed keys for reviewed comments the version did not score out of sample (the training split
 * in holdout mode): the production model's probabilities, as ml.md §6.1 allows.
 */
function productionReviewKeys(
  scored: ScoredComments,
  row: number,
  rows: number,
  annotation: AnnotationRecord,
): [number | null, number | null] {
  const positive = assignedWithAncestors(annotation);
  const explicit = new Set<string>();
  for (const labelling of annotation.labelling) {
    labelling.assigned.forEach((label) => explicit.add(label.name));
  }
  const keys = emptyReviewKeys();
  for (const { group, probabilities } of scored.groups) {
    group.labels.forEach((name, label) => {
      addReviewKey(keys, probabilities[label * rows + row]!, {
        leafMostAssigned:
          explicit.has(name) &&
          ![...explicit].some((other) => other !== name && other.startsWith(`${name} > `)),
        positive: positive.has(name),
      });
    });
  }
  return [keys.check, keys.missed];
}

async function waitsForBacklog(
  store: Store,
  sourceIds: readonly string[],
  encoder: string,
  page: readonly PreparedComment[],
): Promise<boolean> {
  const hashes = page.flatMap((comment) =>
    comment.encoderHash === null ? [] : [comment.encoderHash],
  );
  if ((await store.embeddings.cachedHashes(encoder, hashes)).size === new Set(hashes).size) {
    return false;
  }
  return (await store.jobs.listActive(sourceIds, ['comments-embed'])).length > 0;
}

async function retrainDue(store: Store, datasetId: string, at: string): Promise<boolean> {
  return (await store.jobs.listActive([datasetId], ['model-train'])).some(
    (job) => job.status === 'pending' && job.run_after <= at,
  );
}

/** Runs one `dataset-predict` job. */
export async function predictDataset(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'config'>,
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
  const annotations = new Map(
    (await store.annotations.listForDataset(datasetId, dataset.source_ids))
      .filter((record) => record.reviewed)
      .map((record) => [`${record.source_id}.${record.comment_id}`, record]),
  );
  const dense = featureSpecOf(dataset.model_family).dense;
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
    if (dense !== null && (await waitsForBacklog(store, dataset.source_ids, dense, prepared))) {
      // The `comments-embed` backlog is still on these comments and schedules this dataset's
      // predictions when it ends; embedding them here too would do its work twice (issue 14).
      return { kind: 'skipped', reason: 'the remaining comments wait for the embedding backlog' };
    }
    const scored = await predictor.score(store, services, prepared, now(deps), { signal });
    const rows = page.length;
    const records: CommentPredictionRecord[] = page.map((comment, row) => {
      const uid = prepared[row]!.uid;
      const { labels, max } = rowLabels(scored, row, rows);
      const annotation = annotations.get(uid);
      const [check, missed] =
        reviewKeys[uid] ??
        (annotation === undefined
          ? [null, null]
          : productionReviewKeys(scored, row, rows, annotation));
      return {
        dataset_id: datasetId,
        source_id: comment.source_id,
        comment_id: comment.id,
        version,
        context: comment.context,
        labels,
        max_informative: max,
        check_key: check,
        missed_key: missed,
        // ml.md §5.9: Rebalance ranks by P(unreviewed | x) under the bias model.
        rebalance_key: scored.reviewed === null ? null : 1 - scored.reviewed[row]!,
      };
    });
    await store.transaction((tx) => tx.predictions.upsertMany(records));
    count += page.length;
    afterSeq = page[page.length - 1]!.seq;
    if (page.length < PAGE) {
      break;
    }
    if (await retrainDue(store, datasetId, now(deps))) {
      // A newer version is about to supersede this one and will schedule its own predictions: hand the
      // worker to training instead of finishing (issue 14, training never waits behind bulk work).
      return { kind: 'skipped', reason: 'a retrain is due; the next version predicts' };
    }
  }
  // Discover ranks clusters by what the new version covers (ml.md §7.3: rerun after each version).
  await scheduleThemes(store, deps, datasetId);
  return { kind: 'predicted', version, comments: count };
}
