import { useQuery } from '@tanstack/react-query';

import type { PredictBody, PredictResponse } from '../../../../../src/contracts/models.js';
import { ApiError, apiPath, apiRequest } from '../../../lib/api-client';
import { commentMessages } from '../lib/comment-text';

import type { AnnotatedCommentRecord } from './use-dataset-query';

export type Prediction = { name: string; probability: number };

/**
 * Predicted labels of the shown comments from the newest model version. The query route returns no
 * predictions (api.md §4.6), and predict-comments needs a pinned version, so the comments' own messages
 * go through the latest-version predict route; threshold 0 returns every label's probability.
 */
export function usePredictions(
  project: string,
  dataset: string,
  items: readonly AnnotatedCommentRecord[],
) {
  const uids = items.map((item) => item.comment.uid);
  return useQuery({
    queryKey: ['predictions', project, dataset, uids],
    queryFn: async (): Promise<Map<string, Prediction[]>> => {
      const documents: PredictBody['documents'] = items.map((item) => ({
        messages: commentMessages(item),
        timestamp: item.comment.timestamp,
        user_properties: item.comment.user_properties,
      }));
      try {
        const response = await apiRequest<PredictResponse>(
          'POST',
          apiPath('/api/_private/datasets/:project/:name/labellers/predict', project, dataset),
          { body: { documents, threshold: 0 } satisfies PredictBody },
        );
        return new Map(
          uids.map((uid, i) => [
            uid,
            (response.predictions[i] ?? [])
              .map((p) => ({ name: p.name.join(' > '), probability: p.probability }))
              .sort((a, b) => b.probability - a.probability),
          ]),
        );
      } catch (error) {
        // Before the first model version there is nothing to predict with: show no predictions.
        if (error instanceof ApiError && (error.httpStatus === 404 || error.httpStatus === 503)) {
          return new Map();
        }
        throw error;
      }
    },
    enabled: items.length > 0,
  });
}
