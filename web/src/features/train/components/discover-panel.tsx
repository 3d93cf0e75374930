import { useState } from 'react';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { useAnnotate } from '../hooks/use-annotate';
import { useThemes, type Theme } from '../hooks/use-themes';

type Props = { project: string; dataset: string; labels: readonly string[] };

function ThemeCard({ theme, labels, project, dataset }: Props & { theme: Theme }) {
  const annotate = useAnnotate(project, dataset);
  const [label, setLabel] = useState(labels[0] ?? '');
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function labelCluster() {
    setError(null);
    let count = 0;
    try {
      for (const { comment_uid: uid } of theme.theme_comments) {
        await annotate.mutateAsync({
          uid,
          assigned: [label],
          dismissed: [],
          retrievalMethod: 'clusters',
        });
        count += 1;
      }
    } catch (caught) {
      setError(caught);
    }
    setDone(count);
  }

  return (
    <section className="card" aria-labelledby={`theme-${theme.id}`}>
      <h3 id={`theme-${theme.id}`}>{theme.name}</h3>
      <p>
        {theme.size} comments · keywords: {theme.keywords.join(', ')}
      </p>
      <div className="inline-form">
        <label>
          Label for the cluster “{theme.name}”
          <select value={label} onChange={(event) => setLabel(event.target.value)}>
            {labels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={label === '' || annotate.isPending || theme.theme_comments.length === 0}
          onClick={() => void labelCluster()}
        >
          Label {theme.theme_comments.length} comments
        </button>
      </div>
      {annotate.isPending && <Loading label="Labelling…" />}
      <ErrorBanner error={error} />
      {done !== null && (
        <p role="status">
          Labelled {done} comments with {label}.
        </p>
      )}
    </section>
  );
}

/** Discover: clusters of unreviewed comments; a whole cluster's representative comments can be labelled. */
export function DiscoverPanel(props: Props) {
  const themes = useThemes(props.project, props.dataset, true);
  if (themes.isPending) {
    return <Loading label="Loading clusters…" />;
  }
  if (themes.error !== null) {
    return <ErrorBanner error={themes.error} />;
  }
  const set = themes.data.theme_set;
  if (set === null || set.themes.length === 0) {
    return <p>No clusters yet: they are computed after the first model version.</p>;
  }
  return (
    <div>
      <p>Clusters computed {new Date(set.trained_time).toLocaleString()}.</p>
      {set.themes.map((theme) => (
        <ThemeCard key={theme.id} theme={theme} {...props} />
      ))}
    </div>
  );
}
