import { useQuery } from '@tanstack/react-query';

import { apiPath, apiRequest } from '../../../lib/api-client';

export type DatasetStatus = {
  training_complete: number | null;
  latest_version?: number | null;
  inference_complete?: number;
};

const POLL_MS = 5000;

/** Polls the training status (api.md §5.9.1) so the UI notices when a new model version lands. */
export function useModelStatus(project: string, dataset: string) {
  return useQuery({
    queryKey: ['labeller-status', project, dataset],
    queryFn: () =>
      apiRequest<{ dataset_status: DatasetStatus }>(
        'GET',
        apiPath('/api/_private/datasets/:project/:name/labellers/status', project, dataset),
      ),
    refetchInterval: POLL_MS,
  });
}
