import type { AttributeFilter } from '../../contracts/attribute-filters.js';
import type { CommentFilter } from '../../contracts/comment-filter.js';
import type { UserPropertySummary } from '../../contracts/statistics.js';
import type { CommentRecord } from '../../store/store.js';
import { hiddenPropertiesFor } from '../comments/comment-view.js';
import type { CallContext } from '../context.js';
import { resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';

import { compileDatasetFilter } from './dataset-filter.js';
import { loadDatasetScope } from './dataset-scope.js';
import { forEachMatching } from './scan-dataset.js';

const MAX_VALUES = 256;

type Accumulator = {
  strings: Map<string, Map<string, number>>;
  numbers: Map<string, { minimum: number; maximum: number }>;
};

function accumulate(hidden: Map<string, ReadonlySet<string>>, into: Accumulator) {
  return (comment: CommentRecord) => {
    const hiddenHere = hidden.get(comment.source_id);
    for (const [name, value] of Object.entries(comment.user_properties)) {
      if (hiddenHere?.has(name)) {
        continue;
      }
      if (typeof value === 'string') {
        const counts = into.strings.get(name) ?? new Map<string, number>();
        counts.set(value, (counts.get(value) ?? 0) + 1);
        into.strings.set(name, counts);
      } else {
        const range = into.numbers.get(name);
        into.numbers.set(
          name,
          range
            ? { minimum: Math.min(range.minimum, value), maximum: Math.max(range.maximum, value) }
            : { minimum: value, maximum: value },
        );
      }
    }
  };
}

/** Most frequent first, then by value. */
function topValues(
  counts: Map<string, number>,
  limit: number,
  query?: string,
): { value: string; count: number }[] {
  const needle = query?.toLowerCase();
  return [...counts.entries()]
    .filter(([value]) => needle === undefined || value.toLowerCase().includes(needle))
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([value, count]) => ({ value, count }));
}

async function collect(
  context: CallContext,
  ref: DatasetRef,
  filter: CommentFilter,
  attributeFilters: readonly AttributeFilter[],
): Promise<Accumulator> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const scope = await loadDatasetScope(context, store, dataset, filter);
  const hidden = new Map(
    scope.sources.map((source) => [source.id, hiddenPropertiesFor(context, source)]),
  );
  const accumulator: Accumulator = { strings: new Map(), numbers: new Map() };
  await forEachMatching(
    store,
    compileDatasetFilter(scope, filter, attributeFilters),
    accumulate(hidden, accumulator),
  );
  return accumulator;
}

/** api.md §6.9: string properties with their 256 most frequent values, number properties with ranges. */
export async function userPropertySummary(
  context: CallContext,
  ref: DatasetRef,
  filter: CommentFilter = {},
  attributeFilters: readonly AttributeFilter[] = [],
): Promise<UserPropertySummary> {
  const { strings, numbers } = await collect(context, ref, filter, attributeFilters);
  const byName = <T>(map: Map<string, T>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    string: byName(strings).map(([name, counts]) => ({
      full_name: name,
      values: topValues(counts, MAX_VALUES),
      too_many_values: counts.size > MAX_VALUES,
    })),
    number: byName(numbers).map(([name, range]) => ({ full_name: name, ...range })),
  };
}

export async function userPropertyValues(
  context: CallContext,
  ref: DatasetRef,
  fullName: string,
  query: string | undefined,
  limit: number,
): Promise<{ value: string; count: number }[]> {
  const { strings } = await collect(context, ref, {}, []);
  return topValues(strings.get(fullName) ?? new Map<string, number>(), limit, query);
}
