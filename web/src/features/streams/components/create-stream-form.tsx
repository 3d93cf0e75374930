import { useState, type FormEvent } from 'react';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { useModelVersions } from '../../validation';
import { useCreateStream } from '../hooks/use-streams';

import { LabelThreshold } from './label-threshold';

type Props = {
  project: string;
  dataset: string;
  labels: readonly string[];
  onCreated?: (name: string) => void;
};

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/** Creates a stream with a model version and, per label, a threshold chosen on its PR curve. */
export function CreateStreamForm({ project, dataset, labels, onCreated }: Props) {
  const versions = useModelVersions(project, dataset);
  const create = useCreateStream(project, dataset);
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [chosenVersion, setChosenVersion] = useState<number | null>(null);
  const [thresholds, setThresholds] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const version = chosenVersion ?? versions.data?.labellers[0]?.version ?? null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!NAME_PATTERN.test(name)) {
      setFormError('Stream names use letters, digits, "-" and "_" only.');
      return;
    }
    setFormError(null);
    create.mutate(
      {
        name,
        title,
        ...(version === null
          ? {}
          : {
              model: {
                version,
                label_thresholds: selected.map((label) => ({
                  name: label.split(' > '),
                  threshold: thresholds[label] ?? 0.5,
                })),
              },
            }),
      },
      {
        onSuccess: (created) => {
          onCreated?.(created.stream.name);
          setName('');
          setTitle('');
          setSelected([]);
        },
      },
    );
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-stream-heading">
      <h2 id="create-stream-heading">Create stream</h2>
      <label>
        Stream name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        Title
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <ErrorBanner error={versions.error} />
      {versions.data !== undefined && versions.data.labellers.length === 0 && (
        <p>No model version yet: the stream will deliver comments without predictions.</p>
      )}
      {version !== null && (
        <>
          <label>
            Model version (pinned on creation)
            <select
              value={version}
              onChange={(event) => setChosenVersion(Number(event.target.value))}
            >
              {(versions.data?.labellers ?? []).map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Labels and thresholds</legend>
            {labels.map((label) => (
              <label key={label} className="checkbox">
                <input
                  type="checkbox"
                  checked={selected.includes(label)}
                  onChange={(event) =>
                    setSelected((s) =>
                      event.target.checked ? [...s, label] : s.filter((l) => l !== label),
                    )
                  }
                />
                {label}
                {selected.includes(label) &&
                  ` (threshold ${(thresholds[label] ?? 0.5).toFixed(2)})`}
              </label>
            ))}
          </fieldset>
          {selected.map((label) => (
            <LabelThreshold
              key={label}
              project={project}
              dataset={dataset}
              version={version}
              label={label}
              threshold={thresholds[label]}
              onChange={(value) => setThresholds((t) => ({ ...t, [label]: value }))}
            />
          ))}
        </>
      )}
      <button type="submit" disabled={create.isPending}>
        Create stream
      </button>
      {formError !== null && <p role="alert">{formError}</p>}
      <ErrorBanner error={create.error} />
      {create.isSuccess && (
        <p role="status">
          Created stream {create.data.stream.name}. It starts at its creation time (
          {new Date(create.data.stream.created_at).toLocaleString()}): only comments created from
          now on are delivered; use Reset to a date to process earlier ones.
        </p>
      )}
    </form>
  );
}
