import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type { AnnotatedComment } from '../../../../../src/contracts/labellings.js';
import type { QueryDatasetBody, QueryDatasetResponse } from '../../../../../src/contracts/query.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type AnnotatedCommentRecord = Static<typeof AnnotatedComment>;
export type DatasetQueryBody = Static<typeof QueryDatasetBody>;
export type DatasetQueryResult = Static<typeof QueryDatasetResponse>;

export function queryDataset(project: string, dataset: string, body: DatasetQueryBody) {
  return apiRequest<DatasetQueryResult>(
    'POST',
    apiPath('/api/_private/datasets/:project/:name/query', project, dataset),
    { body },
  );
}

/** One page of a dataset query (orders and filters of api.md §6.7). */
export function useDatasetQuery(
  project: string,
  dataset: string,
  body: DatasetQueryBody,
  enabled = true,
) {
  return useQuery({
    queryKey: ['dataset-query', project, dataset, body],
    queryFn: () => queryDataset(project, dataset, body),
    enabled,
  });
}
