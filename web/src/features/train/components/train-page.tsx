import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { DatasetNav, useDataset } from '../../datasets';
import {
  CommentCard,
  labelState,
  queryDataset,
  usePredictions,
  type AnnotatedCommentRecord,
} from '../../explore';
import { useAnnotate } from '../hooks/use-annotate';
import { useModelStatus } from '../hooks/use-model-status';
import { initialSelection } from '../lib/annotation';
import { TRAIN_MODES, type TrainModeId } from '../lib/train-modes';

import { AnnotationPanel } from './annotation-panel';
import { DiscoverPanel } from './discover-panel';
import { WorkStatus } from './work-status';

const QUEUE_SIZE = 20;
type Tab = TrainModeId | 'discover';

/** Training: Discover clusters and the annotation queues, with keyboard labelling. */
export function TrainPage() {
  const { project = '', dataset = '' } = useParams();
  const datasetQuery = useDataset(project, dataset);
  const status = useModelStatus(project, dataset);
  const queryClient = useQueryClient();
  // Mode and label live in the URL (`?mode=check&label=Refund`), so a reload or a link from Validation
  // opens the same queue.
  const [search, setSearch] = useSearchParams();
  const requestedTab = search.get('mode');
  const tab: Tab =
    requestedTab === 'discover' || TRAIN_MODES.some((m) => m.id === requestedTab)
      ? (requestedTab as Tab)
      : 'shuffle';
  const chosenLabel = search.get('label') ?? '';
  const [seed] = useState(() => Math.floor(Math.random() * 1_000_000));
  const [index, setIndex] = useState(0);
  const [saved, setSaved] = useState<Record<string, string[]>>({});
  // The version the queue was loaded with; a different latest version means a new model arrived.
  const [seenVersion, setSeenVersion] = useState<number | null | undefined>(undefined);
  const annotate = useAnnotate(project, dataset);

  const labels = datasetQuery.data?.dataset.label_defs.map((def) => def.name) ?? [];
  const mode = TRAIN_MODES.find((m) => m.id === tab);
  const label = labels.includes(chosenLabel) ? chosenLabel : (labels[0] ?? '');
  function setUrl(next: { tab?: Tab; label?: string }) {
    const params = new URLSearchParams(search);
    params.set('mode', next.tab ?? tab);
    const nextLabel = next.label ?? chosenLabel;
    if (nextLabel === '') {
      params.delete('label');
    } else {
      params.set('label', nextLabel);
    }
    setSearch(params, { replace: true });
  }
  const queueReady = mode !== undefined && (!mode.needsLabel || label !== '');
  const queue = useQuery({
    queryKey: ['train-queue', project, dataset, tab, label, seed],
    queryFn: () => {
      if (mode === undefined) {
        throw new Error('Discover has no queue');
      }
      return queryDataset(project, dataset, {
        order: mode.order(label, seed),
        filter: mode.reviewed === undefined ? {} : { reviewed: mode.reviewed },
        limit: QUEUE_SIZE,
      });
    },
    enabled: queueReady,
  });

  const latest = status.data?.dataset_status.latest_version ?? null;
  if (status.data !== undefined && seenVersion === undefined) {
    setSeenVersion(latest);
  }
  const newVersionArrived = seenVersion !== undefined && latest !== seenVersion;

  const items: AnnotatedCommentRecord[] = queue.data?.results ?? [];
  const current = items[Math.min(index, Math.max(items.length - 1, 0))];
  const predictions = usePredictions(project, dataset, items);
  const currentPredictions =
    current === undefined ? undefined : predictions.data?.get(current.comment.uid);

  function switchTab(next: Tab) {
    setUrl({ tab: next });
    setIndex(0);
  }
  function refreshQueue() {
    setSeenVersion(latest);
    setIndex(0);
    setSaved({});
    void queryClient.invalidateQueries({ queryKey: ['train-queue', project, dataset] });
    void queryClient.invalidateQueries({ queryKey: ['predictions', project, dataset] });
  }
  function save(assigned: string[], dismissed: string[]) {
    if (current === undefined || mode === undefined) {
      return;
    }
    const uid = current.comment.uid;
    annotate.mutate(
      { uid, assigned, dismissed, retrievalMethod: mode.retrievalMethod },
      {
        onSuccess: () => {
          setSaved((s) => ({ ...s, [uid]: assigned }));
          setIndex((i) => Math.min(i + 1, items.length));
        },
      },
    );
  }

  const state = current === undefined ? null : labelState(current, currentPredictions);
  const savedLabels = current === undefined ? undefined : saved[current.comment.uid];
  return (
    <main>
      <DatasetNav project={project} dataset={dataset} />
      <h1>Train</h1>
      <div className="inline-form">
        {latest !== null ? (
          <p role="status">Model version {latest}</p>
        ) : (
          <p>No model version yet: annotate a few comments to train one.</p>
        )}
        {newVersionArrived && (
          <p>
            A new model version arrived.{' '}
            <button type="button" onClick={refreshQueue}>
              Refresh queue
            </button>
          </p>
        )}
      </div>
      <WorkStatus
        embedding={status.data?.dataset_status.embedding_progress}
        training={status.data?.dataset_status.training_progress}
      />
      <div role="tablist" aria-label="Train modes" className="tabs">
        {(['discover', ...TRAIN_MODES.map((m) => m.id)] as Tab[]).map((id) => {
          const title =
            id === 'discover' ? 'Discover' : (TRAIN_MODES.find((m) => m.id === id)?.title ?? id);
          return (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              aria-pressed={tab === id}
              onClick={() => switchTab(id)}
            >
              {title}
            </button>
          );
        })}
      </div>
      <ErrorBanner error={datasetQuery.error ?? status.error} />
      {tab === 'discover' ? (
        <DiscoverPanel project={project} dataset={dataset} labels={labels} />
      ) : (
        <div role="tabpanel" aria-label={mode?.title}>
          <p>{mode?.description}</p>
          {mode?.needsLabel === true && (
            <label>
              Label to train{' '}
              <select
                value={label}
                onChange={(event) => {
                  setUrl({ label: event.target.value });
                  setIndex(0);
                }}
              >
                {labels.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {mode?.needsLabel === true && labels.length === 0 && (
            <p>This mode needs a label: create one on the Taxonomy page.</p>
          )}
          <ErrorBanner error={queue.error ?? annotate.error ?? predictions.error} />
          {queueReady && queue.isPending && <Loading label="Loading queue…" />}
          {queue.isSuccess && items.length === 0 && <p>The queue is empty.</p>}
          {queue.isSuccess && items.length > 0 && index >= items.length && (
            <p>
              End of this batch.{' '}
              <button type="button" onClick={refreshQueue}>
                Load the next batch
              </button>
            </p>
          )}
          {current !== undefined && state !== null && index < items.length && (
            <div className="train-layout">
              <div>
                <p>
                  Comment {index + 1} of {items.length}
                  {savedLabels !== undefined &&
                    ` · saved: ${savedLabels.join(', ') || 'no labels'}`}
                </p>
                <CommentCard item={current} current predictions={state.predicted} />
              </div>
              <AnnotationPanel
                labels={labels}
                initialSelection={savedLabels ?? initialSelection(state)}
                predicted={new Map(state.predicted.map((p) => [p.name, p.probability]))}
                onSave={save}
                onNext={() => setIndex((i) => Math.min(i + 1, items.length - 1))}
                onPrevious={() => setIndex((i) => Math.max(i - 1, 0))}
                saving={annotate.isPending}
                commentKey={`${current.comment.uid}:${savedLabels?.join('|') ?? ''}:${currentPredictions === undefined ? 'unpredicted' : 'predicted'}`}
              />
            </div>
          )}
        </div>
      )}
    </main>
  );
}
