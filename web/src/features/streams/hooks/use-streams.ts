import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';

import type {
  Stream,
  StreamNew,
  StreamResultsResponse,
} from '../../../../../src/contracts/streams.js';
import { apiPath, apiRequest } from '../../../lib/api-client';

export type StreamRecord = Static<typeof Stream>;
export type StreamInput = Static<typeof StreamNew>;
export type StreamResults = Static<typeof StreamResultsResponse>;

export function useStreams(project: string, dataset: string) {
  return useQuery({
    queryKey: ['streams', project, dataset],
    queryFn: () =>
      apiRequest<{ streams: StreamRecord[] }>(
        'GET',
        apiPath('/api/v1/datasets/:project/:name/streams', project, dataset),
      ),
  });
}

/**
 * Peeks at the stream's next comment: reading results never moves the cursor (api.md §5.11.1), so this
 * shows where the position is without consuming anything.
 */
export function useStreamCursor(project: string, dataset: string, stream: string) {
  return useQuery({
    queryKey: ['stream-cursor', project, dataset, stream],
    queryFn: () =>
      apiRequest<StreamResults>(
        'GET',
        apiPath(
          '/api/v1/datasets/:project/:name/streams/:stream/results',
          project,
          dataset,
          stream,
        ),
        { query: { max_results: 1 } },
      ),
  });
}

export function useCreateStream(project: string, dataset: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stream: StreamInput) =>
      apiRequest<{ stream: StreamRecord }>(
        'PUT',
        apiPath('/api/v1/datasets/:project/:name/streams', project, dataset),
        { body: { stream } },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['streams', project, dataset] }),
  });
}

export function useDeleteStream(project: string, dataset: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stream: string) =>
      apiRequest(
        'DELETE',
        apiPath('/api/v1/datasets/:project/:name/streams/:stream', project, dataset, stream),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['streams', project, dataset] }),
  });
}
