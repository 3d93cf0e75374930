import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type { LabelVolume, LabelVolumeBody } from '../../../../../src/contracts/statistics.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type LabelVolumeQuery = Static<typeof LabelVolumeBody>;

/** Label volume per period, aggregated by the server (POST …/label-volume, docs/reports.md). */
export function useLabelVolume(project: string, dataset: string, body: LabelVolumeQuery) {
  return useQuery({
    queryKey: ['label-volume', project, dataset, body],
    queryFn: () =>
      apiRequest<{ label_volume: Static<typeof LabelVolume> }>(
        'POST',
        apiPath('/api/_private/datasets/:project/:name/label-volume', project, dataset),
        { body },
      ),
    enabled: project !== '' && dataset !== '',
    placeholderData: keepPreviousData,
  });
}
