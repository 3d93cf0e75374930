import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { DatasetNav, useDataset } from '../../datasets';
import { queryDataset } from '../hooks/use-dataset-query';
import { usePredictions } from '../hooks/use-predictions';
import { buildQueryBody, EMPTY_FILTERS, type ExploreFilters } from '../lib/explore-filters';

import { CommentCard } from './comment-card';

const PAGE_SIZE = 20;

/** Browse a dataset's comments by order, filters, keyword or semantic search. */
export function ExplorePage() {
  const { project = '', dataset = '' } = useParams();
  const datasetQuery = useDataset(project, dataset);
  const [draft, setDraft] = useState<ExploreFilters>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<ExploreFilters>(EMPTY_FILTERS);
  const body = buildQueryBody(applied, PAGE_SIZE);
  const results = useInfiniteQuery({
    queryKey: ['explore', project, dataset, body],
    queryFn: ({ pageParam }) =>
      queryDataset(
        project,
        dataset,
        pageParam === null ? body : { ...body, continuation: pageParam },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.continuation ?? undefined,
  });

  function set<K extends keyof ExploreFilters>(key: K, value: ExploreFilters[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
  }
  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied(draft);
  }

  const labels = datasetQuery.data?.dataset.label_defs.map((def) => def.name) ?? [];
  const items = results.data?.pages.flatMap((page) => page.results) ?? [];
  const total = results.data?.pages[0]?.num_results?.filtered;
  const predictions = usePredictions(project, dataset, items);
  return (
    <main>
      <DatasetNav project={project} dataset={dataset} />
      <h1>Explore</h1>
      <form className="card inline-form" onSubmit={apply} aria-label="Comment filters">
        <label>
          Search
          <input
            type="search"
            value={draft.search}
            onChange={(event) => set('search', event.target.value)}
          />
        </label>
        <label>
          Search mode
          <select
            value={draft.searchMode}
            onChange={(event) =>
              set('searchMode', event.target.value as ExploreFilters['searchMode'])
            }
          >
            <option value="text_search">Keyword</option>
            <option value="semantic_search">Semantic</option>
          </select>
        </label>
        <label>
          Order
          <select
            value={draft.order}
            onChange={(event) => set('order', event.target.value as ExploreFilters['order'])}
          >
            <option value="recent">Recent</option>
            <option value="sample">Shuffle</option>
          </select>
        </label>
        <label>
          Reviewed
          <select
            value={draft.reviewed}
            onChange={(event) => set('reviewed', event.target.value as ExploreFilters['reviewed'])}
          >
            <option value="">All</option>
            <option value="only_reviewed">Reviewed only</option>
            <option value="only_unreviewed">Unreviewed only</option>
          </select>
        </label>
        <label>
          Label
          <select value={draft.label} onChange={(event) => set('label', event.target.value)}>
            <option value="">Any</option>
            {labels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={draft.from}
            onChange={(event) => set('from', event.target.value)}
          />
        </label>
        <label>
          To
          <input type="date" value={draft.to} onChange={(event) => set('to', event.target.value)} />
        </label>
        <label>
          User property
          <input
            placeholder="string:Country"
            value={draft.propertyName}
            onChange={(event) => set('propertyName', event.target.value)}
          />
        </label>
        <label>
          Property value
          <input
            value={draft.propertyValue}
            onChange={(event) => set('propertyValue', event.target.value)}
          />
        </label>
        <button type="submit">Apply</button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            setApplied(EMPTY_FILTERS);
          }}
        >
          Reset
        </button>
      </form>
      <ErrorBanner error={results.error ?? predictions.error} />
      {results.isPending && <Loading label="Loading comments…" />}
      {total !== undefined && <p>{total} comments match.</p>}
      {results.isSuccess && items.length === 0 && <p>No comments match these filters.</p>}
      {items.map((item) => (
        <CommentCard
          key={item.comment.uid}
          item={item}
          predictions={predictions.data?.get(item.comment.uid) ?? []}
        />
      ))}
      {results.hasNextPage && (
        <button
          type="button"
          onClick={() => void results.fetchNextPage()}
          disabled={results.isFetchingNextPage}
        >
          {results.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </main>
  );
}
