import { useState, type FormEvent } from 'react';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import {
  useResetStream,
  useStreamPreview,
  useUpdateStream,
  type StreamRecord,
} from '../hooks/use-streams';

import { LabelThreshold } from './label-threshold';

type Props = { project: string; dataset: string; stream: StreamRecord; labels: readonly string[] };

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `YYYY-MM-DDTHH:mm` in local time, the value a datetime-local input holds. */
function localInputValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function ResetForm({ project, dataset, stream }: Omit<Props, 'labels'>) {
  const reset = useResetStream(project, dataset, stream.name);
  const [value, setValue] = useState(() => localInputValue(stream.created_at));
  const [invalid, setInvalid] = useState(false);
  const [resetTo, setResetTo] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const time = new Date(value);
    if (value === '' || Number.isNaN(time.getTime())) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const iso = time.toISOString();
    reset.mutate(iso, { onSuccess: () => setResetTo(iso) });
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Reset stream ${stream.name}`}>
      <label>
        Deliver comments created from
        <input
          type="datetime-local"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          required
        />
      </label>
      <button type="submit" disabled={reset.isPending}>
        Reset to a date
      </button>
      {invalid && <p role="alert">Choose a date and time to reset the stream to.</p>}
      <ErrorBanner error={reset.error} />
      {resetTo !== null && reset.isSuccess && (
        <p role="status">
          Reset: the stream now delivers comments created from {dateTime(resetTo)}.
        </p>
      )}
    </form>
  );
}

function Preview({ project, dataset, stream }: Omit<Props, 'labels'>) {
  const [open, setOpen] = useState(false);
  const preview = useStreamPreview(project, dataset, stream.name, open);
  return (
    <section aria-label={`Preview of stream ${stream.name}`}>
      <button
        type="button"
        onClick={() => (open ? void preview.refetch() : setOpen(true))}
        disabled={preview.isFetching}
      >
        {open ? 'Refresh preview' : 'Preview next comments'}
      </button>{' '}
      <small>
        A preview reads without advancing: the stream's consumers still get these comments. ✓ marks
        a label above the stream's threshold; grey labels only clear a suggested threshold.
      </small>
      <ErrorBanner error={preview.error} />
      {open && preview.isPending && <Loading label="Reading the stream…" />}
      {preview.data !== undefined && (
        <table className="stream-preview">
          <caption>
            Next {preview.data.results.length} comments
            {preview.data.num_filtered > 0 &&
              ` (${preview.data.num_filtered} skipped by the filter)`}
            {preview.data.more_results ? ', more pending' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Comment</th>
              <th scope="col">Created</th>
              <th scope="col">Text</th>
              <th scope="col">Predicted labels</th>
            </tr>
          </thead>
          <tbody>
            {preview.data.results.length === 0 && (
              <tr>
                <td colSpan={4}>
                  Nothing to deliver: no comment was created after the stream's position. Reset it
                  to an earlier date to process older comments.
                </td>
              </tr>
            )}
            {preview.data.results.map(({ comment, prediction }) => {
              const first = comment.messages[0] as
                { subject?: { text: string }; body?: { text: string } } | undefined;
              const text = [first?.subject?.text, first?.body?.text].filter(Boolean).join(' — ');
              // The stream's own labels (those clearing its threshold) first; others are context only.
              const labels = (prediction?.taxonomies ?? [])
                .flatMap((t) => t.labels)
                .map((label) => ({
                  ...label,
                  inStream: label.occurrence_confidence.thresholds.includes('stream'),
                }))
                .sort((a, b) => Number(b.inStream) - Number(a.inStream));
              return (
                <tr key={comment.uid}>
                  <td>
                    <code>{comment.id}</code>
                  </td>
                  <td>{dateTime(comment.created_at)}</td>
                  <td className="preview-text">
                    {text.length > 160 ? `${text.slice(0, 160)}…` : text}
                  </td>
                  <td>
                    {prediction === undefined
                      ? 'no model'
                      : labels.length === 0
                        ? 'none above a threshold'
                        : labels.map((label) => (
                            <span
                              key={label.name}
                              className={label.inStream ? 'predicted in-stream' : 'predicted muted'}
                              title={`clears: ${label.occurrence_confidence.thresholds.join(', ')}`}
                            >
                              {label.inStream ? '✓ ' : ''}
                              {label.name} {Math.round(label.occurrence_confidence.value * 100)}%
                            </span>
                          ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ThresholdEditor({ project, dataset, stream }: Omit<Props, 'labels'>) {
  const update = useUpdateStream(project, dataset, stream.name);
  const model = stream.model;
  const [thresholds, setThresholds] = useState<Record<string, number>>(() =>
    Object.fromEntries(
      (model?.label_thresholds ?? []).map((t) => [t.name.join(' > '), t.threshold]),
    ),
  );
  if (model === undefined || model.label_thresholds.length === 0) {
    return null;
  }
  const names = model.label_thresholds.map((t) => t.name.join(' > '));
  return (
    <section aria-label={`Thresholds of stream ${stream.name}`}>
      <h3>Thresholds</h3>
      {names.map((label) => (
        <LabelThreshold
          key={label}
          project={project}
          dataset={dataset}
          version={model.version}
          label={label}
          threshold={thresholds[label]}
          onChange={(value) => setThresholds((t) => ({ ...t, [label]: value }))}
        />
      ))}
      <button
        type="button"
        disabled={update.isPending}
        onClick={() =>
          update.mutate({
            model: {
              version: model.version,
              label_thresholds: names.map((label) => ({
                name: label.split(' > '),
                threshold: thresholds[label] ?? 0.5,
              })),
            },
          })
        }
      >
        Save thresholds
      </button>
      <ErrorBanner error={update.error} />
      {update.isSuccess && <p role="status">Thresholds saved.</p>}
    </section>
  );
}

/** One stream: where it starts, a reset to a date, a non-advancing preview, and its thresholds. */
export function StreamDetails({ project, dataset, stream }: Props) {
  return (
    <section className="card" aria-labelledby={`stream-${stream.id}`}>
      <h2 id={`stream-${stream.id}`}>Stream {stream.name}</h2>
      <p>
        Created {dateTime(stream.created_at)}. A new stream starts at its creation time: it delivers
        the comments created after it, not the ones already in the dataset. To process earlier
        comments, reset it to a date.
      </p>
      <ResetForm project={project} dataset={dataset} stream={stream} />
      <Preview project={project} dataset={dataset} stream={stream} />
      <ThresholdEditor project={project} dataset={dataset} stream={stream} />
    </section>
  );
}
