import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type { AnnotatedComment } from '../../../../../src/contracts/labellings.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type LabelledComment = Static<typeof AnnotatedComment>;

/**
 * Comments with their annotations and latest predictions, by uid, in the order asked for
 * (GET …/labellings?ids=…, api.md §5.8.1). A member deleted since clustering is skipped, not an error.
 */
export function useCommentsByUid(project: string, dataset: string, uids: readonly string[]) {
  return useQuery({
    queryKey: ['comments-by-uid', project, dataset, uids],
    queryFn: () =>
      apiRequest<{ results: LabelledComment[] }>(
        'GET',
        apiPath('/api/_private/datasets/:project/:name/labellings', project, dataset),
        { query: { ids: uids.join(','), return_predictions: 'true', allow_missing: 'true' } },
      ),
    enabled: uids.length > 0,
    placeholderData: keepPreviousData,
  });
}
