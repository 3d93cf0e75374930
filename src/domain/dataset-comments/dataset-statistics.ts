import type { DatasetStatistics, DatasetStatisticsBody } from '../../contracts/statistics.js';
import { requireReadableProperties } from '../comments/comment-view.js';
import type { CallContext } from '../context.js';
import { resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';

import { compileDatasetFilter } from './dataset-filter.js';
import { loadDatasetScope, uidOf } from './dataset-scope.js';
import { forEachMatching } from './scan-dataset.js';
import { makeBucketer } from './time-buckets.js';

type Counts = { positive: number; negative: number };

/**
 * `POST …/statistics` (api.md §6.8): counts over the matching comments. Label counts are the assigned
 * labels of reviewed comments, parents implied; without sentiment every label counts as positive.
 */
export async function datasetStatistics(
  context: CallContext,
  ref: DatasetRef,
  body: DatasetStatisticsBody,
): Promise<DatasetStatistics> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const scope = await loadDatasetScope(context, store, dataset, body.comment_filter ?? {});
  const filter = compileDatasetFilter(
    scope,
    body.comment_filter ?? {},
    body.attribute_filters ?? [],
  );
  const bucketOf = body.label_timeseries
    ? makeBucketer(body.timezone ?? dataset.timezone, body.time_resolution ?? 'day')
    : null;
  const labelCounts = new Map<string, Counts>();
  const sourceCounts = new Map<string, number>();
  const propertyNames = body.string_user_property_counts ?? [];
  requireReadableProperties(context, scope.sources, propertyNames, 'count values of');
  const propertyCounts = new Map(propertyNames.map((name) => [name, new Map<string, number>()]));
  const series = new Map<
    string,
    { any: number; positive: number; negative: number; labels: Map<string, Counts> }
  >();
  let total = 0;
  await forEachMatching(store, filter, (comment) => {
    total += 1;
    sourceCounts.set(comment.source_id, (sourceCounts.get(comment.source_id) ?? 0) + 1);
    for (const [name, counts] of propertyCounts) {
      const value = comment.user_properties[name];
      if (typeof value === 'string') {
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
    const annotation = scope.annotations.get(uidOf(comment.source_id, comment.id));
    const labels = new Map<string, 'positive' | 'negative'>();
    for (const group of annotation?.labelling ?? []) {
      for (const label of group.assigned) {
        const sentiment = dataset.has_sentiment ? label.sentiment : 'positive';
        const parts = label.name.split(' > ');
        for (let depth = 1; depth <= parts.length; depth++) {
          labels.set(parts.slice(0, depth).join(' > '), sentiment);
        }
      }
    }
    for (const [name, sentiment] of labels) {
      const counts = labelCounts.get(name) ?? { positive: 0, negative: 0 };
      counts[sentiment] += 1;
      labelCounts.set(name, counts);
    }
    if (bucketOf) {
      const bucket = bucketOf(comment.timestamp);
      const entry = series.get(bucket) ?? {
        any: 0,
        positive: 0,
        negative: 0,
        labels: new Map<string, Counts>(),
      };
      entry.any += 1;
      const sentiments = new Set(labels.values());
      entry.positive += sentiments.has('positive') ? 1 : 0;
      entry.negative += sentiments.has('negative') ? 1 : 0;
      for (const [name, sentiment] of labels) {
        const counts = entry.labels.get(name) ?? { positive: 0, negative: 0 };
        counts[sentiment] += 1;
        entry.labels.set(name, counts);
      }
      series.set(bucket, entry);
    }
  });
  const sorted = <T>(map: Map<string, T>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    num_comments: total,
    label_counts: Object.fromEntries(sorted(labelCounts)),
    label_timeseries: sorted(series).map(([bucket, entry]) => ({
      timestamp_str: bucket,
      expected_count_any: entry.any,
      expected_count_positive: entry.positive,
      expected_count_negative: entry.negative,
      label_sentiment_counts: sorted(entry.labels).map(([name, counts]) => ({ name, ...counts })),
    })),
    ...(body.source_counts ? { source_counts: Object.fromEntries(sorted(sourceCounts)) } : {}),
    ...(propertyNames.length > 0
      ? {
          string_user_property_counts: Object.fromEntries(
            [...propertyCounts.entries()].map(([name, counts]) => [
              name,
              Object.fromEntries(sorted(counts)),
            ]),
          ),
        }
      : {}),
  };
}
