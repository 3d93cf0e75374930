import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { useDataset, useLabelDefMutations } from '../hooks/use-datasets';
import { buildLabelTree } from '../lib/label-tree';

import { DatasetNav } from './dataset-nav';
import { LabelTreeView } from './label-tree-view';

/** A dataset's facts and its label taxonomy (create `Parent > Child`, rename, delete). */
export function DatasetPage() {
  const { project = '', dataset = '' } = useParams();
  const query = useDataset(project, dataset);
  const { create, rename, remove } = useLabelDefMutations(project, dataset);
  const [newLabel, setNewLabel] = useState('');
  const [exists, setExists] = useState<string | null>(null);
  const busy = create.isPending || rename.isPending || remove.isPending;
  const data = query.data?.dataset;

  function submit(event: FormEvent) {
    event.preventDefault();
    // The API upserts label defs, so a second "create" would succeed silently: say so instead.
    const name = newLabel
      .split('>')
      .map((part) => part.trim())
      .join(' > ');
    if (name === '' || name.split(' > ').includes('')) {
      return;
    }
    if (data?.label_defs.some((def) => def.name === name) === true) {
      setExists(name);
      return;
    }
    setExists(null);
    create.mutate(name, { onSuccess: () => setNewLabel('') });
  }

  return (
    <main>
      <DatasetNav project={project} dataset={dataset} />
      <h1>
        {data?.title !== undefined && data.title !== '' ? data.title : `${project}/${dataset}`}
      </h1>
      {query.isPending && <Loading />}
      <ErrorBanner error={query.error} />
      {data !== undefined && (
        <>
          <p>{data.description}</p>
          <dl className="facts">
            <dt>Model family</dt>
            <dd>{data.model_family}</dd>
            <dt>Sources</dt>
            <dd>{data.source_ids.length}</dd>
            <dt>Sentiment</dt>
            <dd>{data.has_sentiment ? 'yes' : 'no'}</dd>
          </dl>
          <section aria-labelledby="taxonomy-heading">
            <h2 id="taxonomy-heading">Labels</h2>
            <form className="inline-form" onSubmit={submit}>
              <label>
                New label (use “Parent &gt; Child” for a child)
                <input
                  value={newLabel}
                  onChange={(event) => {
                    setNewLabel(event.target.value);
                    setExists(null);
                  }}
                />
              </label>
              <button type="submit" disabled={busy}>
                Create label
              </button>
            </form>
            {exists !== null && <p role="alert">The label “{exists}” already exists.</p>}
            <ErrorBanner error={create.error ?? rename.error ?? remove.error} />
            {busy && <Loading label="Saving…" />}
            <LabelTreeView
              nodes={buildLabelTree(data.label_defs.map((def) => def.name))}
              onRename={(from, to) => rename.mutate({ from, to })}
              onDelete={(name) => remove.mutate(name)}
              busy={busy}
            />
          </section>
        </>
      )}
    </main>
  );
}
