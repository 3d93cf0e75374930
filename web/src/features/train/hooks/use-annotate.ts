import { useMutation } from '@tanstack/react-query';

import { apiPath, apiRequest } from '../../../lib/api-client';
import { labellingBody } from '../lib/annotation';

export type AnnotateInput = {
  uid: string;
  assigned: readonly string[];
  dismissed: readonly string[];
  retrievalMethod: string;
};

/** Saves one comment's labels (POST …/labellings/<uid>). */
export function useAnnotate(project: string, dataset: string) {
  return useMutation({
    mutationFn: (input: AnnotateInput) =>
      apiRequest(
        'POST',
        apiPath(
          '/api/_private/datasets/:project/:name/labellings/:uid',
          project,
          dataset,
          input.uid,
        ),
        { body: labellingBody(input.assigned, input.dismissed, input.retrievalMethod) },
      ),
  });
}
