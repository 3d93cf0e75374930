import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { apiPath, apiRequest } from '../../../lib/api-client';
import { CommentCard, usePredictions } from '../../explore';
import { useCommentsByUid } from '../hooks/use-comments-by-uid';
import { useThemes, type Theme } from '../hooks/use-themes';
import {
  addLabelBody,
  CLUSTER_PAGE_SIZE,
  clusterOrder,
  previousLabelling,
  restoreBody,
  type PreviousLabelling,
} from '../lib/cluster-members';

type Props = { project: string; dataset: string; labels: readonly string[] };

/** One labelling action of the panel: which label went on which comments, and what they held before. */
type Action = { label: string; previous: PreviousLabelling[] };

function ClusterView({
  project,
  dataset,
  labels,
  theme,
  onClose,
}: Props & { theme: Theme; onClose: () => void }) {
  const queryClient = useQueryClient();
  const representatives = theme.theme_comments.map((c) => c.comment_uid);
  const order = clusterOrder(representatives, theme.comment_uids);
  const representativeSet = new Set(representatives);
  const pages = Math.max(1, Math.ceil(order.length / CLUSTER_PAGE_SIZE));
  const [page, setPage] = useState(0);
  const pageUids = order.slice(page * CLUSTER_PAGE_SIZE, (page + 1) * CLUSTER_PAGE_SIZE);
  const comments = useCommentsByUid(project, dataset, pageUids);
  // Ticks survive paging, but only comments the user has had on screen can be ticked.
  const [ticked, setTicked] = useState<Map<string, PreviousLabelling>>(new Map());
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [lastAction, setLastAction] = useState<Action | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const shown = comments.data?.results ?? [];
  // Predictions help the user judge a comment, but the user still decides what fits the label.
  const predictions = usePredictions(project, dataset, shown);

  function toggle(uid: string, previous: PreviousLabelling, on: boolean) {
    setTicked((current) => {
      const next = new Map(current);
      if (on) {
        next.set(uid, previous);
      } else {
        next.delete(uid);
      }
      return next;
    });
  }

  function post(uid: string, body: unknown) {
    return apiRequest(
      'POST',
      apiPath('/api/_private/datasets/:project/:name/labellings/:uid', project, dataset, uid),
      { body },
    );
  }

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: ['comments-by-uid', project, dataset] });
  }

  async function applyLabel() {
    setError(null);
    setMessage(null);
    setBusy(true);
    const written: PreviousLabelling[] = [];
    try {
      for (const previous of ticked.values()) {
        await post(previous.uid, addLabelBody(previous, label));
        written.push(previous);
      }
    } catch (caught) {
      setError(caught);
    }
    // Even after a failure part-way, Undo must cover the comments that were written.
    if (written.length > 0) {
      setLastAction({ label, previous: written });
      setMessage(
        `Labelled ${written.length} ${written.length === 1 ? 'comment' : 'comments'} with ${label}.`,
      );
    }
    setTicked(new Map());
    setBusy(false);
    await refresh();
  }

  async function undo() {
    if (lastAction === null) {
      return;
    }
    setError(null);
    setBusy(true);
    let restored = 0;
    const left: PreviousLabelling[] = [];
    for (const previous of lastAction.previous) {
      try {
        await post(previous.uid, restoreBody(previous));
        restored += 1;
      } catch (caught) {
        setError(caught);
        left.push(previous);
      }
    }
    setLastAction(left.length > 0 ? { ...lastAction, previous: left } : null);
    setMessage(
      `Undone: removed ${lastAction.label} from ${restored} ${restored === 1 ? 'comment' : 'comments'}.`,
    );
    setBusy(false);
    await refresh();
  }

  const tickedHere = shown.filter((item) => ticked.has(item.comment.uid)).length;

  return (
    <section className="card cluster" aria-labelledby={`cluster-${theme.id}`}>
      <div className="cluster-head">
        <h3 id={`cluster-${theme.id}`}>{theme.name}</h3>
        <button type="button" className="small" onClick={onClose}>
          Back to clusters
        </button>
      </div>
      <p>
        {theme.size} comments · keywords: {theme.keywords.join(', ')}. Read each comment and tick
        the ones the label fits; only ticked comments are labelled.
      </p>
      <div className="inline-form discover-actions">
        <label>
          Label for the ticked comments
          <select value={label} onChange={(event) => setLabel(event.target.value)}>
            <option value="">Choose a label…</option>
            {labels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={label === '' || ticked.size === 0 || busy}
          onClick={() => void applyLabel()}
        >
          Label {ticked.size} ticked {ticked.size === 1 ? 'comment' : 'comments'}
        </button>
        {lastAction !== null && (
          <button type="button" disabled={busy} onClick={() => void undo()}>
            Undo
          </button>
        )}
      </div>
      {labels.length === 0 && <p>Create a label in the Taxonomy first.</p>}
      {busy && <Loading label="Saving…" />}
      <ErrorBanner error={error ?? comments.error} />
      {message !== null && <p role="status">{message}</p>}
      <div className="inline-form">
        <button
          type="button"
          className="small"
          disabled={shown.length === 0 || tickedHere === shown.length}
          onClick={() =>
            setTicked((current) => {
              const next = new Map(current);
              for (const item of shown) {
                next.set(item.comment.uid, previousLabelling(item));
              }
              return next;
            })
          }
        >
          Tick all on this page
        </button>
        <button
          type="button"
          className="small"
          disabled={ticked.size === 0}
          onClick={() => setTicked(new Map())}
        >
          Clear ticks
        </button>
      </div>
      {comments.isPending && pageUids.length > 0 && <Loading label="Loading comments…" />}
      <ol className="cluster-comments" start={page * CLUSTER_PAGE_SIZE + 1}>
        {shown.map((item) => {
          const uid = item.comment.uid;
          return (
            <li key={uid} className="cluster-comment">
              <label className="checkbox">
                <input
                  type="checkbox"
                  aria-label={`Tick comment ${item.comment.id}`}
                  checked={ticked.has(uid)}
                  onChange={(event) => toggle(uid, previousLabelling(item), event.target.checked)}
                />
                Tick
                {representativeSet.has(uid) && <span className="label-chip">representative</span>}
              </label>
              <CommentCard
                item={item}
                {...(predictions.data?.has(uid) === true
                  ? { predictions: predictions.data.get(uid)!.filter((p) => p.probability >= 0.1) }
                  : {})}
              />
            </li>
          );
        })}
      </ol>
      <nav className="inline-form" aria-label="Cluster pages">
        <button
          type="button"
          className="small"
          disabled={page === 0}
          onClick={() => setPage((p) => p - 1)}
        >
          Previous page
        </button>
        <span>
          Page {page + 1} of {pages} · {order.length} comments
        </span>
        <button
          type="button"
          className="small"
          disabled={page + 1 >= pages}
          onClick={() => setPage((p) => p + 1)}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}

/**
 * Discover: clusters of unreviewed comments. A cluster opens onto its comments (representatives first,
 * then every member, paged); the user ticks the comments a label fits and labels only those, and can undo
 * the last action.
 */
export function DiscoverPanel(props: Props) {
  const themes = useThemes(props.project, props.dataset, true);
  const [openId, setOpenId] = useState<string | null>(null);
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
  const open = set.themes.find((theme) => theme.id === openId);
  if (open !== undefined) {
    return <ClusterView key={open.id} {...props} theme={open} onClose={() => setOpenId(null)} />;
  }
  return (
    <div>
      <p>Clusters computed {new Date(set.trained_time).toLocaleString()}.</p>
      <ul className="cluster-list">
        {set.themes.map((theme) => (
          <li key={theme.id} className="card">
            <h3>{theme.name}</h3>
            <p>
              {theme.size} comments · keywords: {theme.keywords.join(', ')}
            </p>
            <button type="button" onClick={() => setOpenId(theme.id)}>
              Open cluster {theme.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
