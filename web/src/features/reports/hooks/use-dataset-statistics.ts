import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type {
  DatasetStatistics,
  DatasetStatisticsBody,
} from '../../../../../src/contracts/statistics.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type StatisticsBody = Static<typeof DatasetStatisticsBody>;
export type Statistics = Static<typeof DatasetStatistics>;

export function useDatasetStatistics(project: string, dataset: string, body: StatisticsBody) {
  return useQuery({
    queryKey: ['statistics', project, dataset, body],
    queryFn: () =>
      apiRequest<{ statistics: Statistics }>(
        'POST',
        apiPath('/api/_private/datasets/:project/:name/statistics', project, dataset),
        { body },
      ),
    enabled: project !== '' && dataset !== '',
  });
}
