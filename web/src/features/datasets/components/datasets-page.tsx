import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { useCreateDataset, useDatasets, useProjects, useSources } from '../hooks/use-datasets';

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

function CreateDatasetForm() {
  const projects = useProjects();
  const sources = useSources();
  const create = useCreateDataset();
  const [project, setProject] = useState('');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [sourceIds, setSourceIds] = useState<string[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const chosenProject = project !== '' ? project : (projects.data?.projects[0]?.name ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosenProject === '') {
      setFormError('Create a project first (sift create project).');
      return;
    }
    if (!NAME_PATTERN.test(name)) {
      setFormError('Dataset names use letters, digits, "-" and "_" only.');
      return;
    }
    setFormError(null);
    create.mutate(
      {
        project: chosenProject,
        name,
        dataset: { title: title === '' ? name : title, source_ids: sourceIds },
      },
      { onSuccess: () => setName('') },
    );
  }

  const projectSources = (sources.data?.sources ?? []).filter((s) => s.owner === chosenProject);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-dataset-heading">
      <h2 id="create-dataset-heading">Create dataset</h2>
      <label>
        Project
        <select value={chosenProject} onChange={(event) => setProject(event.target.value)}>
          {(projects.data?.projects ?? []).map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Dataset name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        Title
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <fieldset>
        <legend>Sources</legend>
        {projectSources.length === 0 && <p>No sources in this project.</p>}
        {projectSources.map((source) => (
          <label key={source.id} className="checkbox">
            <input
              type="checkbox"
              checked={sourceIds.includes(source.id)}
              onChange={(event) =>
                setSourceIds((ids) =>
                  event.target.checked ? [...ids, source.id] : ids.filter((id) => id !== source.id),
                )
              }
            />
            {source.owner}/{source.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={create.isPending}>
        Create dataset
      </button>
      {formError !== null && <p role="alert">{formError}</p>}
      <ErrorBanner error={create.error} />
      {create.isSuccess && (
        <p role="status">
          Created{' '}
          <Link to={`/datasets/${create.data.dataset.owner}/${create.data.dataset.name}`}>
            {create.data.dataset.owner}/{create.data.dataset.name}
          </Link>
        </p>
      )}
    </form>
  );
}

/** All datasets the token can see, and dataset creation. */
export function DatasetsPage() {
  const datasets = useDatasets();
  return (
    <main>
      <h1>Datasets</h1>
      {datasets.isPending && <Loading />}
      <ErrorBanner error={datasets.error} />
      {datasets.data !== undefined && (
        <table>
          <caption className="visually-hidden">Datasets</caption>
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col">Title</th>
              <th scope="col">Labels</th>
              <th scope="col">Sources</th>
              <th scope="col">Last modified</th>
            </tr>
          </thead>
          <tbody>
            {datasets.data.datasets.length === 0 && (
              <tr>
                <td colSpan={5}>No datasets yet.</td>
              </tr>
            )}
            {datasets.data.datasets.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link
                    to={`/datasets/${encodeURIComponent(d.owner)}/${encodeURIComponent(d.name)}`}
                  >
                    {d.owner}/{d.name}
                  </Link>
                </td>
                <td>{d.title}</td>
                <td>{d.label_defs.length}</td>
                <td>{d.source_ids.length}</td>
                <td>{new Date(d.last_modified).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateDatasetForm />
    </main>
  );
}
