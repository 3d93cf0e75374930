import { useState } from 'react';
import { useParams } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { DatasetNav, DatasetPicker, useDataset } from '../../datasets';
import { useDeleteStream, useStreams } from '../hooks/use-streams';

import { CreateStreamForm } from './create-stream-form';
import { StreamCursor } from './stream-cursor';
import { StreamDetails } from './stream-details';

function DatasetStreams({ project, dataset }: { project: string; dataset: string }) {
  const streams = useStreams(project, dataset);
  const datasetQuery = useDataset(project, dataset);
  const remove = useDeleteStream(project, dataset);
  const labels = datasetQuery.data?.dataset.label_defs.map((def) => def.name) ?? [];
  const [managed, setManaged] = useState<string | null>(null);
  const managedStream = streams.data?.streams.find((stream) => stream.name === managed);
  return (
    <>
      <ErrorBanner error={streams.error ?? remove.error} />
      {streams.isPending && <Loading />}
      {streams.data !== undefined && (
        <table>
          <caption>Streams</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model</th>
              <th scope="col">Label thresholds</th>
              <th scope="col">Cursor</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {streams.data.streams.length === 0 && (
              <tr>
                <td colSpan={5}>No streams yet.</td>
              </tr>
            )}
            {streams.data.streams.map((stream) => (
              <tr key={stream.id}>
                <td>
                  {stream.name}
                  {stream.title !== '' && <div>{stream.title}</div>}
                </td>
                <td>{stream.model === undefined ? 'none' : `version ${stream.model.version}`}</td>
                <td>
                  {stream.model === undefined || stream.model.label_thresholds.length === 0
                    ? 'all labels'
                    : stream.model.label_thresholds
                        .map((t) => `${t.name.join(' > ')} ≥ ${t.threshold.toFixed(2)}`)
                        .join(', ')}
                </td>
                <td>
                  <StreamCursor project={project} dataset={dataset} stream={stream.name} />
                </td>
                <td>
                  <button
                    type="button"
                    className="small"
                    aria-expanded={managed === stream.name}
                    aria-label={`Manage stream ${stream.name}`}
                    onClick={() => setManaged(managed === stream.name ? null : stream.name)}
                  >
                    Manage
                  </button>{' '}
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Delete stream ${stream.name}`}
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete stream "${stream.name}"?`)) {
                        remove.mutate(stream.name);
                      }
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {managedStream !== undefined && (
        <StreamDetails
          key={managedStream.id}
          project={project}
          dataset={dataset}
          stream={managedStream}
          labels={labels}
        />
      )}
      <CreateStreamForm
        project={project}
        dataset={dataset}
        labels={labels}
        onCreated={(name) => setManaged(name)}
      />
    </>
  );
}

/** A dataset's streams: list with cursor positions, and creation with per-label thresholds. */
export function StreamsPage() {
  const { project, dataset } = useParams();
  return (
    <main>
      {project !== undefined && dataset !== undefined && (
        <DatasetNav project={project} dataset={dataset} />
      )}
      <h1>Streams</h1>
      {project === undefined || dataset === undefined ? (
        <DatasetPicker page="streams" />
      ) : (
        <DatasetStreams project={project} dataset={dataset} />
      )}
    </main>
  );
}
