import { useNavigate } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { useDatasets } from '../hooks/use-datasets';

type Props = { page: 'reports' | 'streams' };

/** Chooses the dataset a top-level page (Reports, Streams) works on. */
export function DatasetPicker({ page }: Props) {
  const datasets = useDatasets();
  const navigate = useNavigate();
  if (datasets.isPending) {
    return <Loading />;
  }
  if (datasets.error !== null) {
    return <ErrorBanner error={datasets.error} />;
  }
  if (datasets.data.datasets.length === 0) {
    return <p>No datasets yet.</p>;
  }
  return (
    <label>
      Dataset{' '}
      <select
        defaultValue=""
        onChange={(event) => {
          if (event.target.value !== '') {
            void navigate(`/datasets/${event.target.value}/${page}`);
          }
        }}
      >
        <option value="">Choose a dataset…</option>
        {datasets.data.datasets.map((d) => (
          <option key={d.id} value={`${encodeURIComponent(d.owner)}/${encodeURIComponent(d.name)}`}>
            {d.owner}/{d.name}
          </option>
        ))}
      </select>
    </label>
  );
}
