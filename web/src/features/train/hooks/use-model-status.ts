import { useQuery } from '@tanstack/react-query';

import { apiPath, apiRequest } from '../../../lib/api-client';

/** Sift extension of `dataset_status` (src/contracts/models.ts WorkProgress). */
export type WorkProgress = {
  state: 'queued' | 'running';
  reason: string;
  done: number;
  total: number;
  eta_seconds: number | null;
};

export type DatasetStatus = {
  training_complete: number | null;
  latest_version?: number | null;
  inference_complete?: number;
  embedding_progress?: WorkProgress | null;
  training_progress?: WorkProgress | null;
};

const POLL_MS = 5000;
/** Faster while the worker reports work, so progress bars move. */
const BUSY_POLL_MS = 2000;

/** Polls the training status (api.md §5.9.1) so the UI notices when a new model version lands. */
export function useModelStatus(project: string, dataset: string) {
  return useQuery({
    queryKey: ['labeller-status', project, dataset],
    queryFn: () =>
      apiRequest<{ dataset_status: DatasetStatus }>(
        'GET',
        apiPath('/api/_private/datasets/:project/:name/labellers/status', project, dataset),
      ),
    refetchInterval: (query) => {
      const status = query.state.data?.dataset_status;
      return status?.embedding_progress || status?.training_progress ? BUSY_POLL_MS : POLL_MS;
    },
  });
}
