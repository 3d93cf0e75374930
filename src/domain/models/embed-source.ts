import type { Deps } from '../deps.js';
import { now } from '../time.js';

import { denseVectors, featureSpecOf, prepareComment } from './comment-features.js';
import type { ModelServices } from './model-services.js';
import { schedulePrediction, scheduleThemes } from './schedule-training.js';

// ml.md §2.3 `comments-embed`: after a sync, the source's comments get their dense vectors (only those
// not cached yet — the cache is keyed by content), so training and prediction never wait for them; then
// every dataset over the source that has a version predicts the new comments (ml.md §4.1).

const PAGE = 2_000;

export type EmbedOutcome = { embedded_datasets: number; comments: number };

export async function embedSource(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'config'>,
  services: ModelServices,
  sourceId: string,
  signal?: AbortSignal,
): Promise<EmbedOutcome> {
  const { store } = deps;
  const datasets = (await store.datasets.list()).filter((dataset) =>
    dataset.source_ids.includes(sourceId),
  );
  const encoders = new Set(
    datasets.flatMap((dataset) => {
      const dense = featureSpecOf(dataset.model_family).dense;
      return dense === null ? [] : [dense];
    }),
  );
  let count = 0;
  for (const encoder of [...encoders].sort()) {
    const embedder = await services.denseEmbedder(encoder);
    let afterSeq = 0;
    for (;;) {
      signal?.throwIfAborted();
      const page = await store.comments.scan({ sourceIds: [sourceId], afterSeq, limit: PAGE });
      if (page.length === 0) {
        break;
      }
      await denseVectors(store, embedder, page.map(prepareComment), now(deps), signal);
      count += page.length;
      afterSeq = page[page.length - 1]!.seq;
      if (page.length < PAGE) {
        break;
      }
    }
  }
  let predicted = 0;
  for (const dataset of datasets) {
    await scheduleThemes(store, deps, dataset.id);
    const latest = await store.models.latest(dataset.id);
    if (latest !== null) {
      await schedulePrediction(store, deps, dataset.id, latest.version);
      predicted += 1;
    }
  }
  return { embedded_datasets: predicted, comments: count };
}
